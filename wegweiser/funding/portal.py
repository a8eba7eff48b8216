"""What applicant organisations read: their organisations, their applications, the calls
they may apply to, and what has happened to an application. Every read filters by region and
by membership (``OrganisationMember.user``), so another organisation's application is simply
not found (404 in the views). The public call list is here too: it shows what anyone may read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wegweiser.accounts.models import User
from wegweiser.audit.models import AuditEntry
from wegweiser.funding.models import (
    Application,
    Attachment,
    Call,
    FormField,
    Organisation,
    OrganisationMember,
    ProofOfUse,
)
from wegweiser.funding.templatetags.funding_applicant import euro_text
from wegweiser.tenancy.models import Region

CLOSED_CALLS_SHOWN = 10

# ----------------------------------------------------------------------------- public


@dataclass(frozen=True)
class PublicCalls:
    open: list[Call]  # deadline soonest first
    upcoming: list[Call]  # opening soonest first
    closed: list[Call]  # the latest few, latest deadline first


def public_call_list(*, region: Region, now: datetime) -> PublicCalls:
    """A region's published calls: open ones first, then those still to open, then the last closed."""
    calls = Call.objects.filter(region=region, is_published=True)
    return PublicCalls(
        open=list(calls.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "pk")),
        upcoming=list(calls.filter(opens_at__gt=now).order_by("opens_at", "pk")),
        closed=list(calls.filter(closes_at__lte=now).order_by("-closes_at", "-pk")[:CLOSED_CALLS_SHOWN]),
    )


# ----------------------------------------------------------------------------- applicants


def applicant_organisation_list(*, user: User, region: Region) -> list[Organisation]:
    """The organisations ``user`` acts for in ``region`` (by name)."""
    return list(
        Organisation.objects.filter(region=region, members__user=user)
        .select_related("commune")
        .distinct()
        .order_by("name")
    )


def _applications_of(user: User, region: Region) -> QuerySet[Application]:
    organisation_ids = OrganisationMember.objects.filter(region=region, user=user).values("organisation_id")
    return Application.objects.filter(region=region, organisation_id__in=organisation_ids).select_related(
        "call", "organisation"
    )


def applicant_application_list(*, user: User, region: Region) -> list[Application]:
    """The applications of ``user``'s organisations, newest first."""
    return list(_applications_of(user, region).order_by("-created_at", "-pk"))


def applicant_application_get(*, user: User, region: Region, application_id: int) -> Application | None:
    """One of ``user``'s organisations' applications, or None (another organisation's, another region's)."""
    return _applications_of(user, region).filter(pk=application_id).first()


@dataclass(frozen=True)
class OpenCall:
    call: Call
    organisations: list[Organisation]  # those of the user's organisations that may apply


def applicant_call_list(*, user: User, region: Region, now: datetime) -> list[OpenCall]:
    """The calls open now that at least one of ``user``'s organisations may apply to."""
    organisations = applicant_organisation_list(user=user, region=region)
    if not organisations:
        return []
    calls = Call.objects.filter(region=region, is_published=True, opens_at__lte=now, closes_at__gt=now)
    found = []
    for call in calls.order_by("closes_at", "pk"):
        eligible = [o for o in organisations if not call.eligible_kinds or o.kind in call.eligible_kinds]
        if eligible:
            found.append(OpenCall(call=call, organisations=eligible))
    return found


def attachment_get(*, region: Region, attachment_id: int, user: User | None = None) -> Attachment | None:
    """An attachment of one of ``region``'s applications; with ``user``: only if it belongs to
    one of the user's organisations."""
    attachments = Attachment.objects.filter(pk=attachment_id, application__region=region)
    if user is not None:
        organisation_ids = OrganisationMember.objects.filter(region=region, user=user).values("organisation_id")
        attachments = attachments.filter(application__organisation_id__in=organisation_ids)
    return attachments.select_related("application").first()


# ----------------------------------------------------------------------------- one application


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    help_text: str
    answer: Any  # as stored: text, "12.5", "2026-03-01", True/False


@dataclass(frozen=True)
class Section:
    title: str
    questions: list[Question]


def application_answer_sections(*, application: Application, language: str) -> list[Section]:
    """The call's questions with the stored answers, grouped by section in the call's order,
    labels in ``language`` (falling back to the original German)."""
    titles: dict[str, str] = {}
    sections: dict[str, list[Question]] = {}
    for field in FormField.objects.filter(call=application.call).order_by("position", "pk"):
        title, label, help_text = field.text(language)
        # Grouped by the original section; its title from any question that translates it.
        if titles.get(field.section, field.section) == field.section:
            titles[field.section] = title
        sections.setdefault(field.section, []).append(
            Question(key=field.key, label=label, help_text=help_text, answer=application.answers.get(field.key))
        )
    return [Section(title=titles[section], questions=questions) for section, questions in sections.items()]


def application_proof_get(*, application: Application) -> ProofOfUse | None:
    """The application's proof of use, once the grantee has started it."""
    return ProofOfUse.objects.filter(application=application).first()


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime
    detail: str = ""
    is_end: bool = False  # rejected, withdrawn


def _after(changes: dict[str, Any], name: str) -> Any:
    value = changes.get(name)
    return value.get("after") if isinstance(value, dict) else None


def application_timeline(*, application: Application) -> list[Step]:
    """What has happened to the application so far, oldest first, from the audit log (which
    keeps every step, also a second submission after documents were missing). Internal steps
    of the office (reviews, the financial check) are not shown to the applicant."""
    entries = AuditEntry.objects.filter(
        region_id=application.region_id,
        target_type=Application._meta.label_lower,
        target_id=str(application.pk),
    ).order_by("created_at", "pk")
    steps: list[Step] = []
    for entry in entries:
        action, changes = entry.action, entry.changes or {}
        if action == "funding.application.created":
            steps.append(Step(_("Draft started"), entry.created_at))
        elif action == "funding.application.submitted":
            steps.append(Step(_("Submitted"), entry.created_at))
        elif action == "funding.application.completeness_checked":
            if _after(changes, "status") == Application.Status.INCOMPLETE:
                steps.append(Step(_("Documents missing"), entry.created_at, str(_after(changes, "note") or "")))
            else:
                steps.append(Step(_("Complete: in review"), entry.created_at))
        elif action == "funding.application.decided":
            status = _after(changes, "status")
            label = dict(Application.Status.choices).get(status, _("Decided"))
            reason = str(_after(changes, "reason") or "")
            steps.append(Step(str(label), entry.created_at, reason, is_end=status == Application.Status.REJECTED))
        elif action == "funding.application.withdrawn":
            steps.append(Step(_("Withdrawn"), entry.created_at, is_end=True))
        elif action == "funding.ledger.payment":
            amount = euro_text(_after(changes, "amount"))
            steps.append(Step(_("Payment"), entry.created_at, amount))
        elif action == "funding.ledger.reclaim":
            amount = euro_text(_after(changes, "amount"))
            steps.append(Step(_("Money reclaimed"), entry.created_at, amount))
        elif action == "funding.proof.submitted":
            steps.append(Step(_("Proof of use submitted"), entry.created_at))
        elif action == "funding.proof.corrections_requested":
            steps.append(
                Step(_("Proof of use: corrections requested"), entry.created_at, str(_after(changes, "note") or ""))
            )
        elif action == "funding.proof.accepted":
            steps.append(Step(_("Proof of use accepted"), entry.created_at))
    return steps
