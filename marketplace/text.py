"""Vietnamese text helpers: one place for folding diacritics and making slugs."""

import unicodedata

from django.utils.text import slugify

# "đ" is a letter of its own, not "d" with a combining mark, so NFD leaves it alone.
_D_BAR = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text):
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else text


def fold(text):
    """Lower-case ``text`` and strip its diacritics: "Mật ong Đắk Lắk" -> "mat ong dak lak"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_BAR))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def vn_slugify(text, allow_unicode=False):
    """A slug without diacritics: "Na dai Lục Nam" -> "na-dai-luc-nam"."""
    return slugify(fold(text).replace("/", " "))
