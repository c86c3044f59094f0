"""The email for one (report, recipient), built with the `email` package.

Headers are set through `email.headerregistry`, so names and subjects with accents,
commas or line breaks are encoded, never spliced in as raw text. The Message-ID is
derived from (report, recipient): a resend after a lost acknowledgement carries the
same id, which lets mail systems that deduplicate on it keep one copy.
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
    "en": "Dear {name},\n\nPlease find attached: {subject}.\n\n{marking}This message was sent by reviewprep.\n",
    "fr": "Bonjour {name},\n\nVeuillez trouver ci-joint : {subject}.\n\n{marking}Message envoyé par reviewprep.\n",
    "es": "Estimado/a {name}:\n\nSe adjunta: {subject}.\n\n{marking}Mensaje enviado por reviewprep.\n",
}
RESTRICTED = {
    "en": "RESTRICTED: this report includes confidential stakeholder inputs. Do not forward.\n\n",
    "fr": "DIFFUSION RESTREINTE : ce rapport contient des contributions confidentielles. Ne pas transférer.\n\n",
    "es": "DIFUSIÓN RESTRINGIDA: este informe incluye aportaciones confidenciales. No reenviar.\n\n",
}


def message_id(report_key: str, recipient: str, sender: Address) -> str:
    digest = hashlib.sha256(f"{report_key}\n{recipient}".encode()).hexdigest()[:32]
    return f"<{digest}@{sender.domain or 'reviewprep.invalid'}>"


def parse_sender(sender: str) -> Address:
    """'Name <user@host>' or 'user@host' as an Address, via the email package's parser."""
    probe = EmailMessage()
    probe["From"] = sender
    return probe["From"].addresses[0]


def build_message(assignment: Assignment, sender: str) -> EmailMessage:
    report, recipient = assignment.report, assignment.recipient
    lang = recipient.language
    date = filters(lang)["date"](report.meeting_date or report.as_of)
    subject = SUBJECTS[report.kind][lang].format(date=date, meeting=" ".join(report.meeting.split()))
    marking = RESTRICTED[lang] if report.audience == "restricted" else ""
    from_address = parse_sender(sender)

    msg = EmailMessage()
    msg["From"] = from_address
    msg["To"] = Address(display_name=recipient.name, addr_spec=recipient.email)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(localtime())
    msg["Message-ID"] = message_id(report.key, recipient.email, from_address)
    msg["Content-Language"] = lang
    msg["X-Reviewprep-Report"] = report.key
    msg.set_content(BODIES[lang].format(name=recipient.name, subject=subject, marking=marking))
    msg.add_attachment(report.pdf.read_bytes(), maintype="application", subtype="pdf",
                       filename=report.pdf.name)
    return msg
