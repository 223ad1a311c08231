"""Vietnamese telephone numbers as people write them, in one readable form.

People write ``0204 3882 123``, ``0204.3882.123``, ``(0204) 3882123``, ``+84 204 3882 123``,
``84-912-345-678`` or ``+84 (0) 912 345 678``; we keep the national form grouped the usual way:

- mobile numbers (10 digits, 03x, 05x, 07x, 08x, 09x): ``0912 345 678``;
- landlines (11 digits since 2017, 02x): Hà Nội and Hồ Chí Minh City have a 3-digit area code,
  ``024 3825 1234`` and ``028 3829 1234``; every other province a 4-digit one, ``0204 3882 123``;
- 1800 / 1900 hotlines: ``1900 1234`` (8 digits) or ``1900 123 456`` (10 digits).

A number a spreadsheet stored as a number has lost its leading 0 (``912345678``): it is put back.
Several numbers in one cell are separated by ``,``, ``;``, ``/`` or `` - `` and kept as
``0204 3882 123, 0912 345 678``.
"""

import re

from django.utils.translation import gettext as _

_NOISE = re.compile(r"[\s.()\-–]")
_SEPARATORS = re.compile(r"\s*[,;/]\s*|\s+[-–]\s+")
_BIG_CITY_AREAS = ("024", "028")
MAX_NUMBERS = 2  # the column holds 40 characters


class PhoneError(ValueError):
    pass


def _digits(text):
    """The national digits of one number, or None when it is not written like one."""
    compact = _NOISE.sub("", text)
    if compact.startswith("+"):
        compact = compact[1:]
        if not compact.startswith("84"):
            return None  # a foreign number
        compact = "0" + compact[2:].lstrip("0")
    elif compact.startswith("84") and len(compact) in (11, 12):  # 84 912 345 678 without the plus
        compact = "0" + compact[2:].lstrip("0")
    elif compact[:1] in tuple("235789") and len(compact) in (9, 10):  # a spreadsheet dropped the leading 0
        compact = "0" + compact
    return compact if compact.isdigit() else None


def _grouped(digits):
    if digits.startswith(("1800", "1900")) and len(digits) in (8, 10):
        return f"{digits[:4]} {digits[4:]}" if len(digits) == 8 else f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if len(digits) == 10 and digits[:2] in ("03", "05", "07", "08", "09"):
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if len(digits) == 11 and digits.startswith("02"):
        if digits.startswith(_BIG_CITY_AREAS):
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        return f"{digits[:4]} {digits[4:8]} {digits[8:]}"
    return None


def normalise_phone(text):
    """``text`` written in the readable form above; "" for an empty text; :class:`PhoneError`
    (saying why, in the active language) for anything that is not a Vietnamese number."""
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    whole = _digits(text)
    if whole and (grouped := _grouped(whole)):
        return grouped
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) > MAX_NUMBERS:
        raise PhoneError(_("holds more than %(n)d phone numbers") % {"n": MAX_NUMBERS})
    numbers = []
    for part in parts:
        digits = _digits(part)
        grouped = _grouped(digits) if digits else None
        if grouped is None:
            raise PhoneError(
                _("“%(number)s” is not a Vietnamese phone number (e.g. 0204 3882 123 or +84 912 345 678)")
                % {"number": part}
            )
        numbers.append(grouped)
    return ", ".join(numbers)
