"""`config/distribution.yaml`: recipient lists, validated at load.

Addresses are parsed with the `email` package, so what validates here is what the
message headers will carry. An internationalised domain is stored in its IDNA (ASCII)
form, which every mail server accepts (the `email` package refuses a non-ASCII user
part, which would need SMTPUTF8). A name holding a line break or another control
character is refused here, naming its key: at send time it would fail the whole list.
SMTP settings never live in this file.
"""

from __future__ import annotations

import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address
from pathlib import Path

import idna
from pydantic import Field, field_validator, model_validator

from reviewprep.codes import ApprovalRule, Audience, Language, ReportKind
from reviewprep.errors import UserError
from reviewprep.framework.load import validate
from reviewprep.framework.models import Strict


class Recipient(Strict):
    name: str = Field(min_length=1)
    email: str
    organisation: str = ""
    audience: Audience
    language: Language
    reports: list[ReportKind] | None = None  # None: the list's reports

    @field_validator("name", "organisation")
    @classmethod
    def _one_line(cls, value: str) -> str:
        bad = sorted({f"U+{ord(ch):04X}" for ch in value if unicodedata.category(ch) in ("Cc", "Zl", "Zp")})
        if bad:
            raise ValueError(f"{value!r} holds a line break or control character ({', '.join(bad)}); "
                             "names go into message headers and must be one line")
        return value.strip()

    @field_validator("email")
    @classmethod
    def _address(cls, value: str) -> str:
        try:
            address = Address(addr_spec=value.strip())
        except (HeaderParseError, ValueError, IndexError) as exc:
            raise ValueError(f"{value!r} is not an email address ({exc})") from None
        if not address.username or "." not in address.domain:
            raise ValueError(f"{value!r} is not an email address (user@domain.tld)")
        return f"{address.username}@{ascii_domain(address.domain)}".lower()


def ascii_domain(domain: str) -> str:
    """The domain as mail servers take it: IDNA 2008 (UTS 46 mapping), e.g. exämple.org → xn--exmple-cua.org."""
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"{domain!r} is not a valid internationalised domain ({exc})") from None


class RecipientList(Strict):
    description: str = ""
    reports: list[ReportKind] = Field(min_length=1)
    recipients: list[Recipient] = Field(min_length=1)
    # Outside the ministry unless said otherwise: what leaves the building waits for a person.
    external: bool = True
    approval: ApprovalRule | None = None  # None: required for external lists, else auto

    @property
    def needs_approval(self) -> bool:
        return self.approval == "required" or (self.approval is None and self.external)

    @field_validator("recipients")
    @classmethod
    def _unique_emails(cls, recipients: list[Recipient]) -> list[Recipient]:
        seen: set[str] = set()
        for i, r in enumerate(recipients):
            if r.email in seen:
                raise ValueError(f"{i}.email: {r.email} is listed twice")
            seen.add(r.email)
        return recipients

    def receives(self, recipient: Recipient, kind: str) -> bool:
        return kind in (recipient.reports if recipient.reports is not None else self.reports)


class RetryPolicy(Strict):
    """Transient failures (connection refused, 4xx) are retried with exponential backoff."""

    attempts: int = Field(default=4, ge=0, le=10)
    backoff_seconds: float = Field(default=30, ge=0, le=3600)


class ApprovalPolicy(Strict):
    """How long a run waits for a person's decision, and how often a waiting flow looks."""

    timeout_hours: float = Field(default=72, gt=0, le=24 * 30)
    poll_seconds: int = Field(default=10, ge=1, le=600)


class Distribution(Strict):
    retry: RetryPolicy = RetryPolicy()
    approvals: ApprovalPolicy = ApprovalPolicy()
    lists: dict[str, RecipientList] = Field(default_factory=dict)

    @field_validator("lists")
    @classmethod
    def _list_names(cls, lists: dict[str, RecipientList]) -> dict[str, RecipientList]:
        bad = [name for name in lists if not name.replace("-", "").replace("_", "").isalnum()]
        if bad:
            raise ValueError(f"list names are letters, digits, '-' and '_': {', '.join(bad)}")
        return lists

    @model_validator(mode="after")
    def _one_variant_per_person(self) -> Distribution:
        """A person on two lists must get the same variant on both, or they would get two."""
        seen: dict[str, tuple[str, Recipient]] = {}
        for list_name, rl in self.lists.items():
            for r in rl.recipients:
                if r.email in seen:
                    other_list, other = seen[r.email]
                    if (other.audience, other.language) != (r.audience, r.language):
                        raise ValueError(
                            f"{r.email} is on lists {other_list} ({other.audience}, {other.language}) and "
                            f"{list_name} ({r.audience}, {r.language}); one person gets one variant"
                        )
                seen.setdefault(r.email, (list_name, r))
        return self

    def select(self, kind: str, only: list[str] | None = None) -> dict[str, list[Recipient]]:
        """Recipients of `kind` reports by list; `only` narrows to list names or addresses."""
        wanted = {w.strip().lower() for w in only or [] if w.strip()}
        known = {name.lower() for name in self.lists} | {
            r.email for rl in self.lists.values() for r in rl.recipients}
        unknown = sorted(wanted - known)
        if unknown:
            raise UserError(f"unknown recipients {', '.join(unknown)}: name a list "
                            f"({', '.join(self.lists) or 'none configured'}) or a listed address")
        chosen: dict[str, list[Recipient]] = {}
        for name, rl in self.lists.items():
            members = [r for r in rl.recipients if rl.receives(r, kind)
                       and (only is None or name.lower() in wanted or r.email in wanted)]
            if members:
                chosen[name] = members
        return chosen


def load_distribution(config_dir: Path) -> Distribution:
    """The recipient lists; a missing file means nobody to send to, a bad one stops the job."""
    path = config_dir / "distribution.yaml"
    if not path.is_file():
        return Distribution()
    return validate(path, Distribution)
