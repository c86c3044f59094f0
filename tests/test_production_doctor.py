"""`reviewprep doctor`: every check passes on a fresh project state; a closed SMTP port fails, naming the fix."""

from __future__ import annotations

from reviewprep.cli import main
from tests.smtp_server import free_port

CHECKS = ["config: framework, review, scoring", "config: sources.yaml", "config: distribution.yaml",
          "config: alerts.yaml", "config: prefect.yaml", "config: automations.yaml", "database", "Prefect API",
          "SMTP", "WeasyPrint fonts", "poppler", "OCR (tesseract)"]


def rows(out: str) -> dict[str, str]:
    """check name -> status, from the table."""
    found = {}
    for line in out.splitlines()[1:]:
        for name in CHECKS:
            if line.startswith(name + "  "):
                found[name] = line[len(name):].split()[0]
    return found


def test_every_check_passes_on_a_fresh_state(settings, capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert rows(out) == {name: "ok" for name in CHECKS}
    assert f"{len(CHECKS)} of {len(CHECKS)} checks pass" in out


def test_smtp_on_a_closed_port_fails_and_names_the_fix(settings, monkeypatch, capsys):
    monkeypatch.setenv("REVIEWPREP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("REVIEWPREP_SMTP_PORT", str(free_port()))  # nothing listens there
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert rows(out)["SMTP"] == "FAIL" and "ConnectionRefusedError" in out
    assert "fix: start the mail server or correct REVIEWPREP_SMTP_HOST / REVIEWPREP_SMTP_PORT" in out
    assert out.rstrip().endswith("failing: SMTP")


def test_a_database_behind_the_code_fails(settings, capsys):
    from reviewprep.store.db import upgrade

    upgrade(settings.db_url, "0001")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert rows(out)["database"] == "FAIL" and "fix: run `reviewprep db upgrade`" in out


def test_a_prefect_api_that_does_not_answer_fails(settings, monkeypatch, capsys):
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert rows(out)["Prefect API"] == "FAIL" and "reviewprep server" in out
