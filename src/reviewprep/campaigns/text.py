"""How a letter's text is compared: folded words, word shingles, sentences.

Folding (case, accents, ligatures; as tagging folds, but with a regular expression instead
of a loop over characters, which is most of detection's time otherwise) makes "Œuvre" and
"oeuvre", or a copy pasted through a word processor, compare equal. Shingles of a few words keep
word order, so two letters on one subject in their own words share few of them, while
a copy with a sentence added shares nearly all.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_LIGATURES = (("œ", "oe"), ("Œ", "oe"), ("æ", "ae"), ("Æ", "ae"), ("ß", "ss"))
_COMBINING = re.compile("[\u0300-\u036f]+")
_WORD = re.compile(r"\w+")
# A clause ends at . ! ? ; : , or a line break (Spanish ¿ ¡ open the next one): a greeting
# on its own line and the same greeting before the first sentence compare equal.
_CLAUSE_END = re.compile(r"(?<=[.!?;:,])\s+|\s*\n\s*")


def fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    for ligature, plain in _LIGATURES:
        text = text.replace(ligature, plain)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def folded(text: str) -> str:
    """The text's folded words joined by single spaces: what detection hashes into shingles."""
    return " ".join(words(text))


def text_digest(folded_text: str) -> bytes:
    """Identity of a text once folded: exact copies (whatever their spacing or case) share it."""
    return hashlib.blake2b(folded_text.encode(), digest_size=16).digest()


def sentences(text: str) -> list[str]:
    """The text's clauses, which joined with spaces read as the text."""
    return [s.strip() for s in _CLAUSE_END.split(text) if s and s.strip()]


def sentence_key(sentence: str) -> str:
    return " ".join(words(sentence))
