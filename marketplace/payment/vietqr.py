"""VietQR: what a bank transfer QR code says, as every Vietnamese banking app reads it.

A VietQR code is an EMVCo merchant-presented payload carried by NAPAS 24/7 (the inter-bank
fast transfer): fields written as TLV — a 2-digit tag, a 2-digit length, the value — and a
CRC at the end. :func:`payload` writes the one kind the shop needs, a *dynamic* code (tag 01 =
``12``: for one payment, the amount filled in) for a transfer *to an account* (``QRIBFTTA``):

====  ===========================================================================
tag   value
====  ===========================================================================
00    ``01`` (payload format)
01    ``12`` (dynamic: one payment, with its amount)
38    NAPAS: {00 = ``A000000727`` (its GUID), 01 = {00 = bank BIN, 01 = account},
      02 = ``QRIBFTTA`` (transfer to an account)}
53    ``704`` (VND)
54    the amount in đồng (an integer: VND has no minor unit)
58    ``VN``
62    additional data: {08 = the transfer note (purpose of transaction)}
63    CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of everything before it,
      ``6304`` included, as 4 upper-case hex digits
====  ===========================================================================

Merchant name and city (59, 60) are left out, as NAPAS's own examples of transfers to an
account and the public libraries leave them out: they belong to payments to a merchant
(``QRPUSH``); for a transfer the payer's bank looks the account holder's name up from the
account number and shows it before the payer confirms. The values are checked before anything
is written (:class:`InvalidPayload`), so that no code is ever printed that a bank would
refuse or read differently.
"""

import binascii
import re

NAPAS_GUID = "A000000727"
TRANSFER_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"  # ISO 4217
COUNTRY = "VN"
MAX_ACCOUNT = 19  # NAPAS: the beneficiary's account number, up to 19 letters and digits
MAX_NOTE = 25  # EMVCo: the sub-fields of the additional data (62), 08 included, hold up to 25
MAX_AMOUNT = 10**13 - 1  # EMVCo: the amount (54) holds up to 13 characters

BIN = re.compile(r"[0-9]{6}")
ACCOUNT = re.compile(rf"[0-9A-Za-z]{{1,{MAX_ACCOUNT}}}")
# Letters and digits without diacritics, a space, dot, hyphen or underscore: what every
# banking app keeps in a transfer's description (some drop other signs, or the whole note).
NOTE = re.compile(rf"[0-9A-Za-z](?:[0-9A-Za-z .\-_]{{0,{MAX_NOTE - 2}}}[0-9A-Za-z])?")


class InvalidPayload(ValueError):
    """A value that cannot go into a VietQR code, and why."""


def tlv(tag, value):
    """One field: tag, length in 2 digits, value."""
    if len(value) > 99:
        raise InvalidPayload(f"field {tag}: {len(value)} characters; a field holds at most 99")
    return f"{tag}{len(value):02d}{value}"


def crc16(data):
    """CRC-16/CCITT-FALSE of ``data`` (ASCII text) as 4 upper-case hex digits: ``binascii``'s
    CRC-CCITT (polynomial 0x1021, not reflected) started at 0xFFFF."""
    return f"{binascii.crc_hqx(data.encode('ascii'), 0xFFFF):04X}"


def check(bank_bin, account, amount, note):
    """Why these values cannot make a VietQR code (:class:`InvalidPayload`); None when they can."""
    if not isinstance(bank_bin, str) or not BIN.fullmatch(bank_bin):
        raise InvalidPayload(f"bank BIN {bank_bin!r}: 6 digits (e.g. 970436)")
    if not isinstance(account, str) or not ACCOUNT.fullmatch(account):
        raise InvalidPayload(f"account number {account!r}: 1 to {MAX_ACCOUNT} letters and digits, no spaces or signs")
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT:
        raise InvalidPayload(f"amount {amount!r}: a whole number of đồng from 1 to {MAX_AMOUNT:,}")
    if not isinstance(note, str) or not NOTE.fullmatch(note):
        raise InvalidPayload(
            f"transfer note {note!r}: 1 to {MAX_NOTE} letters (without diacritics) and digits, with spaces, "
            "dots, hyphens or underscores between them"
        )


def payload(bank_bin, account, amount, note):
    """The VietQR text for a transfer of ``amount`` đồng (an ``int``) to ``account`` at the bank
    whose BIN is ``bank_bin``, with ``note`` as the transfer's description. Raises
    :class:`InvalidPayload` for a value a bank would refuse or change."""
    check(bank_bin, account, amount, note)
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    napas = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", TRANSFER_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", napas)
        + tlv("53", CURRENCY_VND)
        + tlv("54", str(amount))
        + tlv("58", COUNTRY)
        + tlv("62", tlv("08", note))
        + "6304"
    )
    return body + crc16(body)
