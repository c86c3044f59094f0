"""Tag unstructured comments to chapters and recommendations with the config term list.

Matching is on folded text (case and accents ignored, curly apostrophes straightened)
and on whole words, so 'pme' never matches inside 'pmenu'. The terms that matched are
returned so that every tag can be explained.
"""

from __future__ import annotations

import re

from reviewprep.framework.models import Framework
from reviewprep.gather.vocab import fold


def _normalise(text: str) -> str:
    return fold(text.replace("\u2019", "'").replace("\u2018", "'"))


class Tagger:
    def __init__(self, framework: Framework):
        terms = {**framework.terms.chapters, **framework.terms.recommendations}
        self._patterns = {
            code: [(term, re.compile(rf"(?<!\w){re.escape(_normalise(term))}(?!\w)")) for term in words]
            for code, words in terms.items()
        }

    def tags(self, text: str) -> dict[str, list[str]]:
        """{code: [matched terms]} for every chapter or recommendation the text mentions."""
        folded = _normalise(text)
        found: dict[str, list[str]] = {}
        for code, patterns in self._patterns.items():
            matched = sorted({term for term, pattern in patterns if pattern.search(folded)})
            if matched:
                found[code] = matched
        return found
