"""What a campaign is, as of a date: its template, members, personal additions, dates.

A group is a campaign once the letters it holds (with the copies a source folded into
them, such as regulations.gov's `Duplicate Comments`) reach `min_size`. Its template is
the sentences that at least half of its letters share, in the order they are written;
what a member wrote beyond them is that member's personal addition, kept to be read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reviewprep.campaigns.detect import Assignment, Letter
from reviewprep.campaigns.text import sentence_key, sentences


@dataclass
class Campaign:
    id: str
    group: str  # key of its first letter
    members: list[str]  # letter keys, in date order
    signatories: int  # members plus the copies folded into them
    template: str
    additions: dict[str, str] = field(default_factory=dict)  # member key -> personal addition
    first: dt.date | None = None
    last: dt.date | None = None
    codes: list[str] = field(default_factory=list)  # chapters and recommendations most members raise

    @property
    def size(self) -> int:
        return len(self.members)

    def excerpt(self, length: int = 160) -> str:
        text = " ".join(self.template.split())
        return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def campaign_id(group: str) -> str:
    """A short, stable name: from the first letter's identity, so later letters never change it."""
    return f"C-{group[:8]}"


def template_of(texts: list[str]) -> tuple[str, set[str]]:
    """(template text, keys of its sentences): sentences in at least half of `texts`."""
    split = [sentences(t) for t in texts]
    keys: dict[str, str] = {}  # a campaign's letters repeat their sentences: each one keyed once
    keyed = [[keys[s] if s in keys else keys.setdefault(s, sentence_key(s)) for s in parts] for parts in split]
    seen = Counter(k for parts in keyed for k in set(parts))
    common = {k for k, n in seen.items() if k and n * 2 >= len(texts)}
    # Written as the letter that holds most of them, earliest first on ties.
    model = max(range(len(split)), key=lambda i: sum(k in common for k in keyed[i]))
    kept = [s for s, k in zip(split[model], keyed[model], strict=True) if k in common]
    return " ".join(kept), common


def outline(members: list[Letter], min_size: int) -> tuple[int, str, set[str]] | None:
    """(signatories, template, its sentence keys) of one group's letters, None when they are
    not a campaign; `members` are put in date order here. What a quote needs of a campaign,
    and the start of its full summary (`campaigns`)."""
    signatories = sum(max(m.copies, 1) for m in members)
    if signatories < min_size:
        return None
    members.sort(key=lambda m: (m.day, m.key))
    template, common = template_of([m.text for m in members])
    return signatories, template, common


def personal_addition(text: str, common: set[str]) -> str:
    return " ".join(s for s in sentences(text) if sentence_key(s) not in common)


def campaigns(letters: Iterable[Letter], assignments: Mapping[str, Assignment], min_size: int,
              as_of: dt.date | None = None) -> list[Campaign]:
    """The campaigns among `letters` dated by `as_of` (all of them without one), largest first."""
    groups: dict[str, list[Letter]] = defaultdict(list)
    for letter in letters:
        if (as_of is None or letter.day <= as_of) and letter.key in assignments:
            groups[assignments[letter.key].group].append(letter)
    found = []
    for group, members in groups.items():
        if (outlined := outline(members, min_size)) is None:
            continue
        signatories, template, common = outlined
        codes = Counter(c for m in members for c in set(m.codes))
        found.append(Campaign(
            id=campaign_id(group), group=group, members=[m.key for m in members],
            signatories=signatories, template=template,
            additions={m.key: extra for m in members if (extra := personal_addition(m.text, common))},
            first=members[0].day, last=members[-1].day,
            codes=sorted(c for c, n in codes.items() if n * 2 >= len(members)),
        ))
    found.sort(key=lambda c: (-c.signatories, c.id))
    return found
