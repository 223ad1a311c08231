"""Vietnamese text helpers: one place for folding diacritics, making slugs and the lookup keys
of codes people type."""

import unicodedata

from django.db.models import F, Value
from django.db.models.functions import Replace, Upper
from django.utils.text import slugify

# "đ" is a letter of its own, not "d" with a combining mark, so NFD leaves it alone.
_D_BAR = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text):
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else text


def unaccent(text):
    """``text`` without diacritics, case kept: "Mật ong Đắk Lắk" -> "Mat ong Dak Lak"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_BAR))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text):
    """Lower-case ``text`` and strip its diacritics: "Mật ong Đắk Lắk" -> "mat ong dak lak"."""
    return unaccent(text).casefold()


def vn_slugify(text, allow_unicode=False):
    """A slug without diacritics: "Na dai Lục Nam" -> "na-dai-luc-nam"."""
    return slugify(fold(text).replace("/", " "))


#: What people type between the parts of a code ("OCOP 01 2026 0045", "2078/QĐ-UBND"): ignored
#: by :func:`code_key`. ``code_key_expression`` strips the same characters in the database.
CODE_SEPARATORS = " -–—/\\._:,"


def code_key(text):
    """The key a typed code is matched by: no case, no diacritics (Đ = D), no separators, no
    invisible characters — "ocop 01–2026_0045" and "OCOP-01-2026-0045" are both "OCOP0120260045"."""
    folded = fold(nfc(str(text)))
    kept = (ch for ch in folded if not ch.isspace() and ch not in CODE_SEPARATORS)
    return "".join(ch for ch in kept if unicodedata.category(ch)[0] not in "CZ").upper()[:120]


def code_key_expression(field):
    """:func:`code_key` of a stored code, as a database expression (for a generated column).
    Stored codes come from the registry: letters, digits, separators and at most "Đ"."""
    expression = F(field)
    for letter in ("đ", "Đ"):
        expression = Replace(expression, Value(letter), Value("D"))
    expression = Upper(expression)
    for separator in CODE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def printable(text):
    """Whether ``text`` can be looked up at all: no NUL or other control characters (PostgreSQL
    refuses NUL in a string; no code or name contains them)."""
    return not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in text)
