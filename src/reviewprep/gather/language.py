"""The language a comment is written in, told from its text with py3langid, or nothing when unsure.

The text is read in segments (sentences or lines, joined up to ~SEGMENT letters, the
first MAX_SEGMENTS of them). Each segment is scored by py3langid's full model (about
100 languages, probabilities normalised):

- a language outside en/fr/es at OTHER_FLOOR or above makes the segment `other`
  (Portuguese or German is not forced into Spanish or French);
- else the best of en/fr/es, if it holds FLOOR of the three's probability (what
  py3langid restricted to them would say) and at least TRIO_SHARE of the whole;
- else the segment is unsure.

The text's language is the one holding at least MAJORITY of the letters of the
segments; a text with fewer than MIN_LETTERS letters, or no such majority (a
bilingual letter, mostly unsure segments), gets no answer, and the caller keeps the
declared or default language: a guess is never stored as a detection.
"""

from __future__ import annotations

import functools
import re

from reviewprep.codes import LANGUAGES, OTHER_LANGUAGE

MIN_LETTERS = 25  # "See attached file(s)", "Merci": too short to tell
SEGMENT = 150  # letters per segment, at least (about two sentences)
MAX_SEGMENTS = 20  # a long letter is told from its first pages (about 3,000 letters)
FLOOR = 0.9  # restricted to en/fr/es, the best one's probability
OTHER_FLOOR = 0.8  # full model, an outside language's probability
TRIO_SHARE = 0.2  # full model, the best of en/fr/es must hold at least this much
MAJORITY = 0.7  # share of the letters a language must hold

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


@functools.cache
def _model():
    """py3langid's full model with normalised probabilities, loaded once per process (about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _segments(text: str) -> list[tuple[str, int]]:
    segments, current, count = [], [], 0
    for piece in _SENTENCE_END.split(text):
        letters = _letters(piece)
        if not letters:
            continue
        current.append(piece)
        count += letters
        if count >= SEGMENT:
            segments.append((" ".join(current), count))
            current, count = [], 0
            if len(segments) == MAX_SEGMENTS:
                return segments
    if current:
        if segments and count < SEGMENT // 2:  # a short tail joins the segment before it
            last, letters = segments.pop()
            segments.append((f"{last} {' '.join(current)}", letters + count))
        else:
            segments.append((" ".join(current), count))
    return segments


def _segment_language(text: str) -> str | None:
    probabilities = dict(_model().rank(text))
    top = max(probabilities, key=probabilities.__getitem__)
    if top not in LANGUAGES and probabilities[top] >= OTHER_FLOOR:
        return OTHER_LANGUAGE
    # restricted to en/fr/es, py3langid's softmax is the full one renormalised over the three
    trio = {code: probabilities.get(code, 0.0) for code in LANGUAGES}
    best = max(trio, key=trio.__getitem__)
    total = sum(trio.values())
    if total > 0 and trio[best] / total >= FLOOR and trio[best] >= TRIO_SHARE:
        return best
    return None


def detect(text: str) -> str | None:
    """en, fr, es or codes.OTHER_LANGUAGE when the text says so clearly; None when it cannot tell."""
    if _letters(text) < MIN_LETTERS:
        return None
    weights: dict[str | None, int] = {}
    for segment, letters in _segments(text):
        found = _segment_language(segment)
        weights[found] = weights.get(found, 0) + letters
    total = sum(weights.values())
    best = max((code for code in weights if code is not None), key=weights.__getitem__, default=None)
    if best is not None and weights[best] >= MAJORITY * total:
        return best
    return None
