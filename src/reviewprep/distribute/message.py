"""The email for one (report, recipient), built with the `email` package.

Headers are set through `email.headerregistry`, so names and subjects with accents,
commas or line breaks are encoded, never spliced in as raw text. The Message-ID is
derived from (report, version, recipient): a resend after a lost acknowledgement carries
the same id, which lets mail systems that deduplicate on it keep one copy.

The body says, in the recipient's language, what the attached report says: overall
readiness, the biggest changes, overdue obligations and the report's version (from the
digest recorded with the version). Restricted reports carry the marking in the subject.
"""

from __future__ import annotations

import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, localtime

from reviewprep.distribute.plan import Assignment
from reviewprep.reports.formatting import filters

SUBJECTS = {
    "weekly": {
        "en": "USMCA weekly readiness report, {date}",
        "fr": "Rapport hebdomadaire de préparation à l'examen de l'ACEUM, {date}",
        "es": "Informe semanal de preparación para la revisión del T-MEC, {date}",
    },
    "brief": {
        "en": "Ministerial brief: {meeting}, {date}",
        "fr": "Note ministérielle : {meeting}, {date}",
        "es": "Nota ministerial: {meeting}, {date}",
    },
}
BODIES = {
    "en": "Dear {name},\n\nPlease find attached: {subject} (version {version}).\n\n{correction}{summary}"
          "{marking}This message was sent by reviewprep.\n",
    "fr": "Bonjour {name},\n\nVeuillez trouver ci-joint : {subject} (version {version}).\n\n{correction}{summary}"
          "{marking}Message envoyé par reviewprep.\n",
    "es": "Estimado/a {name}:\n\nSe adjunta: {subject} (versión {version}).\n\n{correction}{summary}"
          "{marking}Mensaje enviado por reviewprep.\n",
}
SUBJECT_MARKING = {"en": "[RESTRICTED] ", "fr": "[DIFFUSION RESTREINTE] ", "es": "[DIFUSIÓN RESTRINGIDA] "}
CORRECTED_SUBJECT = {"en": " (corrected version)", "fr": " (version corrigée)", "es": " (versión corregida)"}
CORRECTION = {
    "en": "CORRECTED VERSION: this replaces the version you received earlier. Reason: {reason}\n\n",
    "fr": "VERSION CORRIGÉE : elle remplace la version reçue précédemment. Motif : {reason}\n\n",
    "es": "VERSIÓN CORREGIDA: sustituye a la versión recibida anteriormente. Motivo: {reason}\n\n",
}
SUMMARY = {
    "en": {"overall": "Overall readiness: {score} of 100 ({status}), coverage {coverage}.",
           "changes": "Biggest changes since last week: {items}.", "no_changes": "No score moved since last week.",
           "overdue": "Overdue obligations: {count} (most recent: {items}).", "no_overdue": "No obligation is overdue.",
           "due": "due"},
    "fr": {"overall": "Préparation globale : {score} sur 100 ({status}), couverture {coverage}.",
           "changes": "Plus fortes variations depuis la semaine dernière : {items}.",
           "no_changes": "Aucun score n'a bougé depuis la semaine dernière.",
           "overdue": "Obligations en retard : {count} (les plus récentes : {items}).",
           "no_overdue": "Aucune obligation n'est en retard.", "due": "échéance"},
    "es": {"overall": "Preparación global: {score} de 100 ({status}), cobertura {coverage}.",
           "changes": "Mayores cambios desde la semana pasada: {items}.",
           "no_changes": "Ninguna puntuación cambió desde la semana pasada.",
           "overdue": "Obligaciones vencidas: {count} (las más recientes: {items}).",
           "no_overdue": "Ninguna obligación está vencida.", "due": "vencimiento"},
}
STATUS_WORDS = {
    "en": {"on_track": "on track", "needs_acceleration": "needs acceleration", "limited": "limited",
           "off_track": "off track", "insufficient_evidence": "insufficient evidence"},
    "fr": {"on_track": "en bonne voie", "needs_acceleration": "à accélérer", "limited": "limitée",
           "off_track": "hors trajectoire", "insufficient_evidence": "données insuffisantes"},
    "es": {"on_track": "en buen camino", "needs_acceleration": "requiere aceleración", "limited": "limitada",
           "off_track": "fuera de rumbo", "insufficient_evidence": "datos insuficientes"},
}
RESTRICTED = {
    "en": "RESTRICTED: this report includes confidential stakeholder inputs. Do not forward.\n\n",
    "fr": "DIFFUSION RESTREINTE : ce rapport contient des contributions confidentielles. Ne pas transférer.\n\n",
    "es": "DIFUSIÓN RESTRINGIDA: este informe incluye aportaciones confidenciales. No reenviar.\n\n",
}


def message_id(report_key: str, recipient: str, sender: Address, version: int = 1) -> str:
    ident = report_key if version == 1 else f"{report_key}\nv{version}"
    digest = hashlib.sha256(f"{ident}\n{recipient}".encode()).hexdigest()[:32]
    return f"<{digest}@{sender.domain or 'reviewprep.invalid'}>"


def parse_sender(sender: str) -> Address:
    """'Name <user@host>' or 'user@host' as an Address, via the email package's parser."""
    probe = EmailMessage()
    probe["From"] = sender
    return probe["From"].addresses[0]


def summary_text(digest: dict, lang: str) -> str:
    """The digest in the recipient's language: readiness, biggest changes, overdue obligations."""
    if not digest:
        return ""
    words, fmt = SUMMARY[lang], filters(lang)
    lines = [words["overall"].format(score=fmt["score"](digest.get("overall")),
                                     status=STATUS_WORDS[lang].get(digest.get("status", ""), digest.get("status", "")),
                                     coverage=fmt["percent"](digest.get("coverage")))]
    changes = digest.get("changes") or []
    lines.append(words["changes"].format(items="; ".join(
        f"{c['chapter']} {c['recommendation']} {c['party']} {fmt['signed'](c['change'])}" for c in changes))
        if changes else words["no_changes"])
    late = digest.get("overdue") or []
    lines.append(words["overdue"].format(count=digest.get("overdue_count", len(late)), items="; ".join(
        f"{o['title']} ({o['party']}, {words['due']} {fmt['date'](o['due'], 'medium')})" for o in late[:3]))
        if late else words["no_overdue"])
    return "\n".join(lines) + "\n\n"


def build_message(assignment: Assignment, sender: str) -> EmailMessage:
    report, recipient = assignment.report, assignment.recipient
    lang = recipient.language
    date = filters(lang)["date"](report.meeting_date or report.as_of)
    subject = SUBJECTS[report.kind][lang].format(date=date, meeting=" ".join(report.meeting.split()))
    restricted = report.audience == "restricted"
    marking = RESTRICTED[lang] if restricted else ""
    full_subject = ((SUBJECT_MARKING[lang] if restricted else "") + subject
                    + (CORRECTED_SUBJECT[lang] if assignment.reissue_reason else ""))
    correction = CORRECTION[lang].format(reason=" ".join(assignment.reissue_reason.split())) \
        if assignment.reissue_reason else ""
    from_address = parse_sender(sender)

    msg = EmailMessage()
    msg["From"] = from_address
    msg["To"] = Address(display_name=recipient.name, addr_spec=recipient.email)
    msg["Subject"] = full_subject
    msg["Date"] = format_datetime(localtime())
    msg["Message-ID"] = message_id(report.key, recipient.email, from_address, report.version)
    msg["Content-Language"] = lang
    msg["X-Reviewprep-Report"] = report.key
    msg["X-Reviewprep-Version"] = str(report.version)
    if report.sha256:
        msg["X-Reviewprep-SHA256"] = report.sha256
    msg.set_content(BODIES[lang].format(name=recipient.name, subject=subject, marking=marking,
                                        version=report.version, correction=correction,
                                        summary=summary_text(report.digest, lang)))
    msg.add_attachment(report.pdf.read_bytes(), maintype="application", subtype="pdf",
                       filename=report.pdf.name)
    return msg
