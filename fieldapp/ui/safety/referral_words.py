"""Words for referral types and outcomes, in the app language (for the interviewer, never the respondent)."""

from __future__ import annotations

from fieldapp.ui.i18n import tr


def type_words(referral_type: str) -> str:
    return {
        "child_protection": tr("Child protection"), "gbv": tr("Gender-based violence"), "health": tr("Health"),
        "mental_health": tr("Mental health and psychosocial support"), "legal": tr("Legal help and documents"),
        "education": tr("Education"), "shelter": tr("Shelter"), "livelihood": tr("Livelihood"),
        "family_tracing": tr("Family tracing"),
    }.get(referral_type, referral_type or tr("Support"))


def outcome_words(outcome: str) -> str:
    return {
        "referred": tr("Referred"), "declined": tr("Declined the referral"),
        "already_receiving": tr("Already receiving support"), "consent_refused": tr("Consent to share refused"),
    }.get(outcome, tr("No outcome yet"))


def service_lines(service) -> str:
    """One service as short lines of text: name, organisation, contact, hours, languages, child-friendly."""
    parts = [service.service]
    if service.organisation:
        parts[0] += f" · {service.organisation}"
    details = [service.contact]
    if service.hours:
        details.append(service.hours)
    if service.municipality or service.department:
        details.append(", ".join(p for p in (service.municipality, service.department) if p))
    if service.languages:
        details.append(service.languages)
    if service.child_friendly:
        details.append(tr("child-friendly"))
    line = parts[0] + " — " + " · ".join(details)
    if service.mandatory_reporting:
        line += "\n   " + tr("Reporting: {notes}").format(notes=service.mandatory_reporting)
    return line
