"""Search words as Vietnamese people type them.

A word typed without diacritics ("mat ong") matches the folded text, so it finds "Mật ong"
and "MẬT ONG"; a word typed with them ("dứa") matches only that exact word, so it does not
also find "dừa" (coconut) and "dưa" (melon). Synonyms (settings.SEARCH_SYNONYMS, e.g.
trà ↔ chè, thơm ↔ dứa) are matched by their exact accented spelling for the same reason.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from marketplace.text import fold, nfc

FOLDED_WORD = re.compile(r"[0-9a-z]+")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    text: str  # one or more words, separated by single spaces
    accented: bool  # match the accented text (exact spelling) rather than the folded text


def words(text):
    """Folded words of ``text``: "Mật ONG Đắk-Lắk" -> ["mat", "ong", "dak", "lak"]."""
    return FOLDED_WORD.findall(fold(text or ""))


def accented_words(text):
    """Lower-case words with their diacritics: "Mật ONG Đắk-Lắk" -> ["mật", "ong", "đắk", "lắk"]."""
    return WORD.findall(nfc(text or "").lower())


@lru_cache(maxsize=8)
def _table(groups):
    table = {}
    for group in groups:
        spellings = [" ".join(accented_words(term)) for term in group]
        for spelling in spellings:
            table[" ".join(words(spelling))] = spellings
    return table


def synonym_table():
    """folded phrase -> the accented spellings of its synonym group."""
    return _table(tuple(tuple(group) for group in settings.SEARCH_SYNONYMS))


def expand(query):
    """The query as alternatives per position: "tra xanh" -> [[tra, "trà", "chè"], [xanh]].
    Multi-word synonyms are matched first ("đậu phộng" before "đậu")."""
    typed, table = accented_words(query), synonym_table()
    groups, i = [], 0
    while i < len(typed):
        for size in (3, 2, 1):
            phrase = " ".join(typed[i : i + size])
            folded = " ".join(words(phrase))
            if size > 1 and folded not in table:
                continue
            own = Term(phrase, accented=True) if phrase != folded else Term(folded, accented=False)
            others = [Term(spelling, accented=True) for spelling in table.get(folded, []) if spelling != phrase]
            groups.append([own, *others])
            i += len(typed[i : i + size])
            break
    return groups
