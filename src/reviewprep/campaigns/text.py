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


def shingles(tokens: list[str], size: int) -> list[bytes]:
    """The distinct runs of `size` consecutive words (a short text: its whole self)."""
    if len(tokens) <= size:
        return [" ".join(tokens).encode()] if tokens else []
    return list({" ".join(tokens[i:i + size]).encode() for i in range(len(tokens) - size + 1)})


def text_digest(tokens: list[str]) -> bytes:
    """Identity of a text once folded: exact copies (whatever their spacing or case) share it."""
    return hashlib.blake2b(" ".join(tokens).encode(), digest_size=16).digest()


def sentences(text: str) -> list[str]:
    """The text's clauses, which joined with spaces read as the text."""
    return [s.strip() for s in _CLAUSE_END.split(text) if s and s.strip()]


def sentence_key(sentence: str) -> str:
    return " ".join(words(sentence))
