"""People in the loop: nothing leaves before approval, versions are never overwritten, who got which.

Real weekly flow runs on the sample data, a real SMTP server (aiosmtpd), and a real Prefect
flow run that pauses with its input form and is resumed through Prefect's API.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from reviewprep.cli import main
from reviewprep.demo import ANCHOR
from reviewprep.store.db import session_scope
from reviewprep.store.models import Approval, Delivery, ReportVersion
from tests.distribution_helpers import pdf_text, person, record_reports, write_distribution
from tests.smtp_server import Recorder, smtp_server

pytestmark = pytest.mark.flow

KEY = f"weekly-{ANCHOR.isoformat()}-en-public"
EXTERNAL = {"council": {"reports": ["weekly"], "recipients": [
    person("Dan Public", "public", "en"), person("Sam Rivera", "public", "en")]}}
LATE_INPUT = """submission_id,submitted_at,stakeholder_name,organization,stakeholder_type,country,party,chapter,recommendation,rating,comment,evidence_url,confidentiality,language
LATE-1,{day},Pat Late,Late Filers Association,business_association,US,US,ch26,R3,4,A late assessment that arrived after the report went out.,,public,en
"""


@pytest.fixture
def smtp(monkeypatch):
    server = Recorder()
    with smtp_server(server) as controller:
        monkeypatch.setenv("REVIEWPREP_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("REVIEWPREP_SMTP_PORT", str(controller.port))
        monkeypatch.setenv("REVIEWPREP_SMTP_SECURITY", "none")
        monkeypatch.setenv("REVIEWPREP_SMTP_SENDER", "USMCA unit <usmca@example.org>")
        yield server


def weekly(**options) -> dict:
    from flows.weekly_readiness import weekly_readiness

    return weekly_readiness(as_of=ANCHOR, sources_file="data/sample/sources.yaml", **options)


def attachment_sha(message) -> str:
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "application/pdf")
    return hashlib.sha256(part.get_content()).hexdigest()


def test_nothing_sent_until_approved_then_one_message_each(settings, config_copy, smtp, capsys, prefect_harness):
    write_distribution(config_copy, EXTERNAL, approval="required")
    summary = weekly(wait_for_approval=False)
    assert smtp.messages == []
    assert summary["distribution"]["lists"] == [
        "council: 0 sent, 0 skipped (already had this version), 2 awaiting approval, 0 failed"]

    assert main(["reports", "pending"]) == 0
    out = capsys.readouterr().out
    assert f"{KEY} v1" in out and summary["reports"][0]["sha256"] in out

    assert main(["approve", KEY, "--by", "Ana Reviewer", "--comment", "checked the annex"]) == 0
    out = capsys.readouterr().out
    assert "approved by Ana Reviewer" in out
    assert out.rstrip().splitlines()[-1] == "council: 2 sent, 0 skipped (already had this version), " \
                                             "0 awaiting approval, 0 failed"
    with session_scope(settings.db_url) as s:
        version = s.scalar(select(ReportVersion).where(ReportVersion.report_key == KEY))
        deliveries = s.scalars(select(Delivery).where(Delivery.report_key == KEY)).all()
    assert sorted(len(smtp.to(r["email"])) for r in EXTERNAL["council"]["recipients"]) == [1, 1]
    for message in smtp.messages:
        assert attachment_sha(message) == version.sha256 == hashlib.sha256(Path(version.pdf_path).read_bytes()).hexdigest()
        assert message["X-Reviewprep-Version"] == "1"
        body = message.get_body(("plain",)).get_content()
        assert "(version 1)" in body and "Overall readiness:" in body and "Overdue obligations" in body
    assert {(d.recipient, d.version, d.sha256, d.status) for d in deliveries} == {
        (r["email"], 1, version.sha256, "sent") for r in EXTERNAL["council"]["recipients"]}

    # Approved bytes are final; sending again sends nothing new.
    assert main(["approve", KEY, "--by", "Ana Reviewer"]) == 2
    assert "already approved by Ana Reviewer" in capsys.readouterr().err
    assert main(["distribute", "--report", KEY]) == 0
    assert "0 sent, 2 skipped (already had this version)" in capsys.readouterr().out
    assert len(smtp.messages) == 2

    # New inputs for the same week: version 2 beside version 1, which stays as it was.
    late = settings.var_path / "late.csv"
    late.write_text(LATE_INPUT.format(day=ANCHOR.isoformat()), encoding="utf-8")
    assert main(["ingest", str(late), "--format", "assessments_csv"]) == 0
    v1_bytes = Path(version.pdf_path).read_bytes()
    again = weekly(wait_for_approval=False)
    assert again["reports"][0]["version"] == 2 and again["reports"][0]["pdf"].endswith(f"{KEY}.v2.pdf")
    assert Path(version.pdf_path).read_bytes() == v1_bytes  # never overwritten
    assert len(smtp.messages) == 2  # v2 waits for its own approval
    capsys.readouterr()
    assert main(["reports", "show", KEY]) == 0
    shown = capsys.readouterr().out
    assert "2 version(s), latest 2" in shown
    assert "version 1: SHA-256 " + version.sha256 in shown and "approval approved by Ana Reviewer" in shown
    assert "version 2: SHA-256 " + again["reports"][0]["sha256"] in shown and "approval pending" in shown
    for r in EXTERNAL["council"]["recipients"]:
        assert f"{r['email']}: version 1 (SHA-256 {version.sha256[:12]}) sent" in shown

    # Approving v2 sends it to nobody who already had v1; a re-issue does, marked as corrected.
    assert main(["approve", KEY, "--by", "Ana Reviewer"]) == 0
    assert "0 sent, 2 skipped (already had this version; 2 had an earlier one" in capsys.readouterr().out
    assert main(["distribute", "--report", KEY, "--reissue"]) == 2
    assert main(["distribute", "--report", KEY, "--reissue", "--reason", "a late assessment for ch26 was added"]) == 0
    assert "council: 2 sent" in capsys.readouterr().out
    reissued = smtp.messages[2:]
    assert len(reissued) == 2
    for message in reissued:
        assert message["Subject"].endswith("(corrected version)")
        assert "Reason: a late assessment for ch26 was added" in message.get_body(("plain",)).get_content()
        assert attachment_sha(message) == again["reports"][0]["sha256"]
    assert main(["reports", "show", KEY, "--json"]) == 0
    import json

    shown = json.loads(capsys.readouterr().out)
    assert sorted((d["recipient"], d["version"]) for d in shown["deliveries"]) == sorted(
        (r["email"], v) for r in EXTERNAL["council"]["recipients"] for v in (1, 2))
    assert main(["audit", "--json"]) == 0
    actions = [e["action"] for e in json.loads(capsys.readouterr().out)["entries"]]
    assert actions.count("approval") == 2 and actions.count("send") == 2 and actions.count("reissue") == 2
    assert "ingest" in actions


def test_rejection_sends_nothing_and_says_so(settings, config_copy, smtp, capsys, prefect_harness):
    write_distribution(config_copy, EXTERNAL, approval="required")
    keys = record_reports(settings, [("public", "en")])
    assert main(["distribute", "--report", keys[0]]) == 0
    assert "2 awaiting approval" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:  # a rejection says why
        main(["reject", keys[0], "--by", "Ana Reviewer"])
    assert refused.value.code == 2
    assert main(["reject", keys[0], "--by", "Ana Reviewer", "--comment", "wrong week"]) == 0
    assert "rejected by Ana Reviewer: not sent" in capsys.readouterr().out
    assert main(["distribute", "--report", keys[0]]) == 0
    assert "council: 0 sent, 0 skipped (already had this version), 0 awaiting approval, 0 failed, " \
           "2 not sent (rejected)" in capsys.readouterr().out
    assert smtp.messages == []


def distribute_in_flow(keys: list[str]):
    from prefect import flow

    from reviewprep.distribute.run import distribute_reports

    @flow(name="test-approval-wait")
    def run() -> dict:
        return distribute_reports("weekly", keys, wait_for_approval=True)

    return run


def paused_run(name: str, timeout: float = 120):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name])))
            if runs and runs[0].state.is_paused():
                return runs[0]
            time.sleep(0.5)
    raise AssertionError(f"flow run {name} never paused")


def test_flow_pauses_with_a_form_and_resumes_through_the_api(settings, config_copy, smtp, prefect_harness):
    from prefect.client.orchestration import get_client
    from prefect.flow_runs import resume_flow_run
    from prefect.input.run_input import keyset_from_paused_state

    write_distribution(config_copy, {**EXTERNAL, "unit": {"reports": ["weekly"], "approval": "auto", "recipients": [
        person("Ana Restricted", "restricted", "en")]}}, approval="required", approvals={"poll_seconds": 1})
    keys = record_reports(settings, [("public", "en"), ("restricted", "en")])
    result: dict = {}
    runner = threading.Thread(target=lambda: result.update(
        distribute_in_flow(keys).with_options(flow_run_name="awaiting-ana")()))
    runner.start()
    try:
        run = paused_run("awaiting-ana")
        assert len(smtp.messages) == 1  # the internal list (auto) is sent at once; the external one waits
        keyset = keyset_from_paused_state(run.state)
        with get_client(sync_client=True) as client:
            import json

            schema = json.loads(client.read_flow_run_input(run.id, keyset["schema"]))
            description = json.loads(client.read_flow_run_input(run.id, keyset["description"]))
        assert schema["properties"]["decision"]["enum"] == ["approve", "reject"]
        assert {schema["properties"][f]["title"] for f in ("decision", "reviewer", "comment")} == {
            "Decision", "Reviewer", "Comment"}
        with session_scope(settings.db_url) as s:
            sha = s.scalar(select(ReportVersion.sha256).where(ReportVersion.report_key == keys[0]))
        assert sha in description
        resume_flow_run(run.id, run_input={"decision": "approve", "reviewer": "Ana Reviewer", "comment": "fine"})
    finally:
        runner.join(120)
    assert len(smtp.messages) == 3
    assert [d["status"] for d in result["decisions"]] == ["approved"]
    assert result["decisions"][0]["by"] == "Ana Reviewer"
    assert "council: 2 sent, 0 skipped (already had this version), 0 awaiting approval, 0 failed" in result["lists"]
    for message in smtp.to("ana.restricted@example.org"):
        assert message["Subject"].startswith("[RESTRICTED] ")


def test_expired_wait_sends_nothing_and_says_so(settings, config_copy, smtp, prefect_harness):
    write_distribution(config_copy, EXTERNAL, approval="required",
                       approvals={"timeout_hours": 0.001, "poll_seconds": 1})  # 3.6 seconds
    keys = record_reports(settings, [("public", "en")])
    summary = distribute_in_flow(keys)()
    assert smtp.messages == []
    assert summary["decisions"][0]["status"] == "expired"
    assert "2 not sent (approval expired)" in summary["lists"][0]
    with session_scope(settings.db_url) as s:
        assert s.scalar(select(Approval.status)) == "expired"
    from reviewprep.store import audit

    with session_scope(settings.db_url) as s:
        expiry = [e for e in audit.entries(s) if e["action"] == "expiry"]
    assert expiry and expiry[0]["detail"]["outcome"] == "not sent, approval expired"


def test_a_variant_nobody_takes_is_said_plainly(settings, config_copy, smtp, capsys, prefect_harness):
    write_distribution(config_copy, EXTERNAL, approval="auto")
    keys = record_reports(settings, [("public", "es")])
    assert main(["distribute", "--report", keys[0]]) == 0
    assert f"{keys[0]}: no recipient takes this variant; rendered, not sent" in capsys.readouterr().out


def test_restricted_subject_and_spanish_summary(settings, config_copy, smtp, prefect_harness):
    write_distribution(config_copy, {"unit": {"reports": ["weekly"], "external": False, "recipients": [
        person("Lucia Restringida", "restricted", "es")]}})
    weekly(languages=["es"], audiences=["restricted"], wait_for_approval=False)
    [message] = smtp.messages
    assert message["Subject"].startswith("[DIFUSIÓN RESTRINGIDA] Informe semanal")
    body = message.get_body(("plain",)).get_content()
    assert "(versión 1)" in body and "Preparación global:" in body and "Obligaciones vencidas" in body
    assert "VARIANT" not in pdf_text(next(message.iter_attachments()).get_content())
