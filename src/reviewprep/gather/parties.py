"""Which Parties a comment's text names, from the trilingual `terms: parties:` of config/framework.yaml.

Terms match whole words with case and accents ignored (a term ending in `*` is a stem);
a term with no lower-case letter (`US`, `USA`) matches only in capitals, so "let us
know" names no one. All terms, and the `not_parties` phrases that name no single Party
(the agreement's own names, New Mexico), are one alternation tried longest first, so
"Estados Unidos Mexicanos" names Mexico and not the United States, and "Canada-United
States-Mexico Agreement" names nobody.
"""

from __future__ import annotations

import re
import unicodedata

from reviewprep.codes import PARTIES
from reviewprep.framework.models import Framework
from reviewprep.gather.vocab import fold

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "\u2019": "'", "\u2018": "'",
                            "\u02bc": "'", "\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00a0": " "})


def _plain(text: str) -> str:
    """Accents and ligatures off, dashes and apostrophes straightened, spaces collapsed; case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _alternative(term: str, group: str) -> str:
    stem = term.endswith("*")
    term = term.rstrip("*")
    capitals = not any(ch.islower() for ch in term)
    body = re.escape(_plain(term) if capitals else fold(term)).replace(r"\ ", r"\s+")
    if capitals:
        body = f"(?-i:{body})"
    end = "" if stem else r"(?!\w)"
    return rf"(?P<{group}>{body}{end})"


class PartyFinder:
    def __init__(self, framework: Framework):
        terms = [(term, code) for code, words in framework.terms.parties.items() for term in words]
        terms += [(term, "") for term in framework.terms.not_parties]
        terms.sort(key=lambda t: len(t[0].rstrip("*")), reverse=True)
        self._codes = {f"t{i}": code for i, (_, code) in enumerate(terms)}
        alternatives = "|".join(_alternative(term, f"t{i}") for i, (term, _) in enumerate(terms))
        # one look-behind for all: a position inside a word is given up at once
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})", re.IGNORECASE) if terms else None

    def named(self, text: str) -> tuple[str, ...]:
        """The Parties the text names, in the order of codes.PARTIES."""
        if self._pattern is None or not text:
            return ()
        found = {self._codes[m.lastgroup] for m in self._pattern.finditer(_plain(text))}
        return tuple(p for p in PARTIES if p in found)
