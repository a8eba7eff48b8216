"""The decision letter (Zuwendungsbescheid or Ablehnungsbescheid) of an application as PDF.

The letter is an official German document: its text is German whatever language the reader's
interface speaks, so it is rendered with German active (dates, month names) and its template
holds German text rather than translatable English msgids. It is rendered like the guide's
printouts (``public/print.py``): HTML with print CSS, WeasyPrint, and a URL fetcher that
allows ``data:`` URIs only, so a letter can never make the server fetch anything.
"""

from __future__ import annotations

from typing import Any

from dateutil.relativedelta import relativedelta
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from weasyprint import HTML, URLFetcher

from wegweiser.funding import services
from wegweiser.funding.models import Application

DECIDED = (
    Application.Status.APPROVED,
    Application.Status.PARTIALLY_APPROVED,
    Application.Status.REJECTED,
    Application.Status.CLOSED,
)
PROOF_DUE_MONTHS = 3


def has_letter(application: Application) -> bool:
    """A letter exists once the application has been decided."""
    return application.decided_at is not None and application.status in DECIDED


def is_grant(application: Application) -> bool:
    return application.status != Application.Status.REJECTED and bool(application.approved_amount)


def letter_context(application: Application) -> dict[str, Any]:
    region = application.region
    decider = application.decided_by
    decided_on = timezone.localdate(application.decided_at) if application.decided_at else timezone.localdate()
    grant = is_grant(application)
    return {
        "application": application,
        "organisation": application.organisation,
        "region": region,
        "office": f"WIR-Vielfaltszentrum {region.name}",
        "place": region.seat or region.name,
        "decided_on": decided_on,
        "is_grant": grant,
        "is_partial": application.status == Application.Status.PARTIALLY_APPROVED,
        "subject": "Zuwendungsbescheid" if grant else "Ablehnungsbescheid",
        "programme": (application.line or application.call.line).budget.programme,
        "call": application.call,
        "plan": services.cost_plan(application),
        "proof_due_months": PROOF_DUE_MONTHS,
        "proof_due_on": application.ends_on + relativedelta(months=PROOF_DUE_MONTHS) if application.ends_on else None,
        "decider": decider.display_name if decider is not None else "",
    }


def decision_letter_pdf(application: Application) -> bytes:
    """The letter as PDF bytes (A4)."""
    with translation.override("de"):
        html = render_to_string("funding/letters/decision.html", letter_context(application))
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1"))


def letter_filename(application: Application) -> str:
    kind = "Zuwendungsbescheid" if is_grant(application) else "Ablehnungsbescheid"
    return f"{kind}-{application.number}.pdf"


def decision_letter_response(application: Application) -> HttpResponse:
    """The PDF shown in the browser (inline), named after the application's number."""
    response = HttpResponse(decision_letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=False, filename=letter_filename(application)) or "inline"
    )
    return response
