"""`reviewprep alerts apply`: the alert block and the automations of automations.yaml, by name.

Applying twice changes nothing the second time: the block is saved over, and an automation
of the same name is updated in place rather than created again (so it never alerts twice).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from reviewprep.distribute.transport import smtp_config
from reviewprep.errors import ConfigError, UserError
from reviewprep.framework.load import read_yaml, validate
from reviewprep.production.alert_email import BLOCK_NAME, AlertEmail
from reviewprep.settings import Settings

AUTOMATIONS_FILE = "automations.yaml"
CRASH_AUTOMATION = "reviewprep-crash-silent-runs"


class AlertRecipients(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recipients: list[str] = Field(min_length=1)


def load_recipients(config_dir: Path) -> list[str]:
    recipients = validate(config_dir / "alerts.yaml", AlertRecipients).recipients
    bad = [r for r in recipients if "@" not in r]
    if bad:
        raise ConfigError(str(config_dir / "alerts.yaml"), "recipients", f"not an email address: {bad[0]!r}")
    return recipients


def alert_block(settings: Settings) -> AlertEmail:
    smtp = smtp_config(settings)
    if smtp is None:
        raise UserError("alerts are sent by email: set REVIEWPREP_SMTP_HOST (and the other REVIEWPREP_SMTP_* "
                        "settings) or REVIEWPREP_SMTP_SECRET_BLOCK before `reviewprep alerts apply`")
    return AlertEmail(to=load_recipients(settings.config_path), host=smtp.host, port=smtp.port,
                      security=smtp.security, username=smtp.username, password=smtp.password,
                      sender=smtp.sender)


def declared(path: Path, block_ids: dict[str, str], crash_after: int | None = None) -> list:
    """The automations of the file, with block names resolved to ids."""
    from prefect.events.schemas.automations import AutomationCore
    from pydantic import ValidationError

    items = read_yaml(path).get("automations") or []
    automations = []
    for i, item in enumerate(items):
        for action in item.get("actions", []):
            if "block_document_name" in action:
                name = action.pop("block_document_name")
                if name not in block_ids:
                    raise ConfigError(str(path), f"automations.{i}.actions", f"unknown block {name!r}")
                action["block_document_id"] = block_ids[name]
        if crash_after and item.get("name") == CRASH_AUTOMATION:
            item["trigger"]["within"] = crash_after
        try:
            automations.append(AutomationCore.model_validate(item))
        except ValidationError as exc:
            raise ConfigError(str(path), f"automations.{i}", str(exc.errors()[0]["msg"])) from None
    return automations


def apply(settings: Settings, crash_after: int | None = None) -> list[tuple[str, str]]:
    """Save the alert block, then create or update each automation; (name, "created"/"updated")."""
    from prefect.client.orchestration import get_client

    block = alert_block(settings)
    block_id = str(block.save(BLOCK_NAME, overwrite=True))
    automations = declared(settings.home / AUTOMATIONS_FILE, {BLOCK_NAME: block_id}, crash_after)
    done = []
    with get_client(sync_client=True) as client:
        for automation in automations:
            existing = client.read_automations_by_name(automation.name)
            if existing:
                client.update_automation(existing[0].id, automation)
                for duplicate in existing[1:]:
                    client.delete_automation(duplicate.id)
                done.append((automation.name, "updated"))
            else:
                client.create_automation(automation)
                done.append((automation.name, "created"))
    return done
