"""Tag unstructured comments to chapters and recommendations with the config term list.

Matching is on folded text (case and accents ignored, curly apostrophes and ligatures
such as œ straightened) and on whole words, so 'pme' never matches inside 'pmenu'; a term ending in '*' is a
stem ('farmacéutic*' matches 'farmacéuticos').
The terms that matched are returned so that every tag can be explained.
"""

from __future__ import annotations

import re

from reviewprep.framework.models import Framework
from reviewprep.gather.vocab import fold


def _pattern(term: str) -> re.Pattern:
    stem = term.endswith("*")
    body = re.escape(fold(term.rstrip("*")))
    return re.compile(rf"(?<!\w){body}" + ("" if stem else r"(?!\w)"))


class Tagger:
    def __init__(self, framework: Framework):
        terms = {**framework.terms.chapters, **framework.terms.recommendations}
        self._patterns = {
            code: [(term, _pattern(term)) for term in words] for code, words in terms.items()
        }

    def tags(self, text: str) -> dict[str, list[str]]:
        """{code: [matched terms]} for every chapter or recommendation the text mentions."""
        folded = fold(text)
        found: dict[str, list[str]] = {}
        for code, patterns in self._patterns.items():
            matched = sorted({term for term, pattern in patterns if pattern.search(folded)})
            if matched:
                found[code] = matched
        return found
