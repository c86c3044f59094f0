"""Titles and help text of the flows' parameters: what Prefect's run form shows a person.

Each is a pydantic `Field` given as a flow parameter's default: Prefect copies its
description into the deployment's parameter schema, and its `json_schema_extra` title
over the parameter's name, so the form in the UI shows a title and help text. List
parameters default to an empty list, so their multi-selects show at once instead of a
"None" toggle. Codes are offered with their names in the help text.
"""

from __future__ import annotations

from pydantic import Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from reviewprep.codes import AUDIENCES, CHAPTER_CODES, LANGUAGES, PARTIES


def chapter_names() -> dict[str, str]:
    """Chapter names from config/framework.yaml (their one home); codes alone if it cannot be read."""
    try:
        from reviewprep.framework import load_framework
        from reviewprep.settings import get_settings

        return {c.code: f"{c.number} {c.name.en}" for c in load_framework(get_settings().config_path).chapters}
    except Exception:  # noqa: BLE001 - a form without names beats a flow that cannot be imported
        return {code: code for code in CHAPTER_CODES}


CHAPTER_NAMES = chapter_names()
PARTY_NAMES = {"US": "United States", "CA": "Canada", "MX": "Mexico"}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}
AUDIENCE_NAMES = {"public": "public inputs only, for outside stakeholders",
                  "restricted": "all inputs, confidential ones marked, for the unit"}


def field(title: str, description: str, default=PydanticUndefined) -> FieldInfo:
    """A parameter's default (none: required) with the title and help the run form shows."""
    return Field(default, description=description, json_schema_extra={"title": title})


def _named(names: dict[str, str], codes: tuple[str, ...]) -> str:
    return "; ".join(f"{c} = {names[c]}" for c in codes)


MEETING = field("Meeting", "The meeting's name, e.g. Free Trade Commission")
MEETING_DATE = field("Meeting date", "The day of the meeting")
CHAPTERS = field("Chapters in focus", f"Empty: all six. {_named(CHAPTER_NAMES, CHAPTER_CODES)}", [])
PARTIES = field("Parties in focus", f"Empty: all three (trilateral work is always included). {_named(PARTY_NAMES, PARTIES)}", [])
LANGUAGES = field("Languages", f"Render these languages. {_named(LANGUAGE_NAMES, LANGUAGES)}. "
                                                 "Every language a recipient needs is rendered too", ["en"])
AUDIENCES = field("Audiences", f"Render these variants. {_named(AUDIENCE_NAMES, AUDIENCES)}. "
                                                 "Every variant a recipient needs is rendered too", ["public"])
RECIPIENTS = field("Recipients", "Distribution lists or listed addresses to send to. "
                                                   "Empty: every list that receives briefs", [])
DISTRIBUTE = field("Send to recipients", "Off: render only, send nothing", True)
AS_OF = field("Scores as of", "Empty: today", None)
BRIEF_AS_OF = field("Scores as of", "Empty: today, or the meeting date when that is earlier", None)
SOURCES_FILE = field("Sources file", "Another sources.yaml, relative to the project "
                                                       "(empty: config/sources.yaml)", None)
WAIT_FOR_APPROVAL = field("Wait for approval", "Pause with an approval form when a list needs approval; "
                                      "off: leave it pending for `reviewprep approve`", True)
