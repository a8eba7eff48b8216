"""Reads of a region's funding for the office: the programmes with their budgets and the
figures of each line, calls, applications (lists with filters, one application with its
answers, cost plan, reviews, money and proof of use) and the ledger of a budget line.

Each function filters by region itself; ``None`` means "not in this region" (the view's 404).
Money is summed by the database or by ``services.cost_plan`` / ``services.application_money``,
never recomputed here in another way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from wegweiser.funding import services
from wegweiser.funding.models import (
    ZERO,
    Application,
    Attachment,
    Budget,
    BudgetLine,
    Call,
    CostItem,
    Criterion,
    FormField,
    LedgerEntry,
    Organisation,
    Programme,
    ProofOfUse,
    Review,
)
from wegweiser.tenancy.models import Commune, Region

# ----------------------------------------------------------------------------- programmes and budgets


@dataclass(frozen=True)
class Figures:
    """Amount, committed, paid and available of a line or a sum of lines."""

    amount: Decimal
    committed: Decimal
    paid: Decimal

    @property
    def available(self) -> Decimal:
        return self.amount - self.committed

    @property
    def committed_percent(self) -> int:
        """For the bar: how much of the amount is committed (0–100)."""
        if self.amount <= 0:
            return 100 if self.committed > 0 else 0
        return min(100, int(self.committed * 100 / self.amount))


def line_figures(line: BudgetLine) -> Figures:
    return Figures(amount=line.amount, committed=line.committed, paid=line.paid)


def _sum(figures: list[Figures]) -> Figures:
    return Figures(
        amount=sum((f.amount for f in figures), ZERO),
        committed=sum((f.committed for f in figures), ZERO),
        paid=sum((f.paid for f in figures), ZERO),
    )


@dataclass(frozen=True)
class BudgetRow:
    budget: Budget
    lines: list[tuple[BudgetLine, Figures]]
    total: Figures


@dataclass(frozen=True)
class ProgrammeRow:
    programme: Programme
    budgets: list[BudgetRow]
    total: Figures


def _budget_rows(budgets: list[Budget]) -> list[BudgetRow]:
    rows = []
    for budget in budgets:
        lines = [(line, line_figures(line)) for line in budget.lines.all()]
        rows.append(BudgetRow(budget=budget, lines=lines, total=_sum([f for _line, f in lines])))
    return rows


def programme_overview(*, region: Region) -> list[ProgrammeRow]:
    """Every programme of the region (active first), its yearly budgets and their lines."""
    programmes = (
        Programme.objects.filter(region=region)
        .prefetch_related(
            Prefetch(
                "budgets",
                queryset=Budget.objects.filter(region=region)
                .order_by("year")
                .prefetch_related(Prefetch("lines", queryset=BudgetLine.objects.order_by("name"))),
            )
        )
        .order_by("-is_active", "-starts_on", "name")
    )
    result = []
    for programme in programmes:
        budgets = _budget_rows(list(programme.budgets.all()))
        result.append(ProgrammeRow(programme=programme, budgets=budgets, total=_sum([b.total for b in budgets])))
    return result


def programme_get(*, region: Region, programme_id: int) -> Programme | None:
    return Programme.objects.filter(region=region, pk=programme_id).first()


def programme_budgets(*, programme: Programme) -> list[BudgetRow]:
    budgets = (
        Budget.objects.filter(region=programme.region, programme=programme)
        .order_by("year")
        .prefetch_related(Prefetch("lines", queryset=BudgetLine.objects.order_by("name")))
    )
    return _budget_rows(list(budgets))


def budget_get(*, region: Region, budget_id: int) -> Budget | None:
    return Budget.objects.filter(region=region, pk=budget_id).select_related("programme").first()


def line_get(*, region: Region, line_id: int) -> BudgetLine | None:
    return BudgetLine.objects.filter(region=region, pk=line_id).select_related("budget__programme").first()


def line_choices(*, region: Region) -> QuerySet[BudgetLine]:
    """The lines a call can draw on, newest year first."""
    return (
        BudgetLine.objects.filter(region=region)
        .select_related("budget__programme")
        .order_by("-budget__year", "budget__programme__name", "name")
    )


@dataclass(frozen=True)
class LedgerRow:
    entry: LedgerEntry
    committed: Decimal  # running, after this entry
    paid: Decimal


@dataclass(frozen=True)
class LineLedger:
    line: BudgetLine
    figures: Figures
    rows: list[LedgerRow]


def line_ledger(*, region: Region, line_id: int) -> LineLedger | None:
    """All movements on a line in booking order, with the running committed and paid sums
    (they end at the line's stored figures)."""
    line = line_get(region=region, line_id=line_id)
    if line is None:
        return None
    entries = (
        LedgerEntry.objects.filter(region=region, line=line)
        .select_related("application", "created_by")
        .order_by("booked_on", "pk")
    )
    committed = paid = ZERO
    rows = []
    for entry in entries:
        if entry.kind == LedgerEntry.Kind.COMMITMENT:
            committed += entry.amount
        elif entry.kind == LedgerEntry.Kind.RELEASE:
            committed -= entry.amount
        elif entry.kind == LedgerEntry.Kind.PAYMENT:
            paid += entry.amount
        elif entry.kind == LedgerEntry.Kind.RECLAIM:
            committed -= entry.amount
            paid -= entry.amount
        rows.append(LedgerRow(entry=entry, committed=committed, paid=paid))
    return LineLedger(line=line, figures=line_figures(line), rows=rows)


# ----------------------------------------------------------------------------- calls


def call_list(*, region: Region) -> QuerySet[Call]:
    """Calls, newest deadline first, with the number of applications handed in."""
    return (
        Call.objects.filter(region=region)
        .select_related("line__budget__programme")
        .annotate(
            handed_in=Count(
                "applications",
                filter=~Q(applications__status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]),
            )
        )
        .order_by("-closes_at", "title")
    )


def open_call_list(*, region: Region) -> QuerySet[Call]:
    now = timezone.now()
    return call_list(region=region).filter(is_published=True, opens_at__lte=now, closes_at__gt=now)


def call_get(*, region: Region, call_id: int) -> Call | None:
    return Call.objects.filter(region=region, pk=call_id).select_related("line__budget__programme").first()


@dataclass(frozen=True)
class CallForm:
    """A call's questions grouped by section (in order of their first question)."""

    sections: list[tuple[str, list[FormField]]]
    criteria: list[Criterion]


def call_form(*, call: Call) -> CallForm:
    sections: dict[str, list[FormField]] = {}
    for question in call.fields.order_by("position", "pk"):
        sections.setdefault(question.section, []).append(question)
    return CallForm(sections=list(sections.items()), criteria=list(call.criteria.order_by("position", "pk")))


def form_field_get(*, call: Call, field_id: int) -> FormField | None:
    return call.fields.filter(pk=field_id).first()


def criterion_get(*, call: Call, criterion_id: int) -> Criterion | None:
    return call.criteria.filter(pk=criterion_id).first()


# ----------------------------------------------------------------------------- applications


def _applications(region: Region) -> QuerySet[Application]:
    return Application.objects.filter(region=region).select_related("call", "organisation__commune")


def application_list(
    *,
    region: Region,
    call: Call | None = None,
    status: str = "",
    commune: Commune | None = None,
    organisation: Organisation | None = None,
) -> QuerySet[Application]:
    """Applications handed in (drafts are the applicants' own business), newest first."""
    rows = _applications(region).exclude(status=Application.Status.DRAFT)
    if call is not None:
        rows = rows.filter(call=call)
    if status:
        rows = rows.filter(status=status)
    if commune is not None:
        rows = rows.filter(organisation__commune=commune)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return rows.order_by("-submitted_at", "-pk")


@dataclass(frozen=True)
class ActionNeeded:
    submitted: list[Application]  # to check for completeness
    in_review: list[Application]
    proofs: list[Application]  # proof of use submitted, to check

    @property
    def count(self) -> int:
        return len(self.submitted) + len(self.in_review) + len(self.proofs)


def applications_needing_action(*, region: Region) -> ActionNeeded:
    rows = list(
        _applications(region)
        .filter(
            Q(status__in=[Application.Status.SUBMITTED, Application.Status.IN_REVIEW])
            | Q(proof__status=ProofOfUse.Status.SUBMITTED)
        )
        .order_by("submitted_at", "pk")
    )
    proofs = set(
        ProofOfUse.objects.filter(application__region=region, status=ProofOfUse.Status.SUBMITTED).values_list(
            "application_id", flat=True
        )
    )
    return ActionNeeded(
        submitted=[a for a in rows if a.status == Application.Status.SUBMITTED],
        in_review=[a for a in rows if a.status == Application.Status.IN_REVIEW],
        proofs=[a for a in rows if a.pk in proofs],
    )


def organisation_choices(*, region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region).order_by("name")


@dataclass(frozen=True)
class Answer:
    label: str  # in German: the office reads the form as written
    value: Any
    kind: str


@dataclass(frozen=True)
class ReviewRow:
    review: Review
    points: list[tuple[Criterion, int | None]]


@dataclass(frozen=True)
class CostRow:
    item: CostItem
    difference: Decimal | None  # actual − planned, once the actual is in


@dataclass
class ApplicationDetail:
    application: Application
    sections: list[tuple[str, list[Answer]]]
    cost_rows: list[CostRow]
    plan: services.Plan
    adds_up: bool  # costs − own − third party = requested
    actual: services.Plan | None  # once the proof of use is submitted
    attachments: list[Attachment]
    criteria: list[Criterion]
    reviews: list[ReviewRow]
    average: Decimal | None  # of the reviews' totals
    max_points: int
    money: services.Money
    entries: list[LedgerEntry]
    proof: ProofOfUse | None
    settlement: services.Settlement | None
    line: BudgetLine
    line_available: Decimal
    criterion_averages: list[tuple[Criterion, Decimal | None]] = field(default_factory=list)


def application_get(*, region: Region, application_id: int) -> Application | None:
    return (
        _applications(region)
        .select_related("line", "call__line", "decided_by", "created_by")
        .filter(pk=application_id)
        .first()
    )


def _answers(application: Application) -> list[tuple[str, list[Answer]]]:
    sections: dict[str, list[Answer]] = {}
    for question in application.call.fields.order_by("position", "pk"):
        value = application.answers.get(question.key)
        sections.setdefault(question.section, []).append(Answer(question.label, value, question.kind))
    return list(sections.items())


def application_detail(*, region: Region, application_id: int) -> ApplicationDetail | None:
    """One application with everything the office looks at before and after deciding."""
    application = application_get(region=region, application_id=application_id)
    if application is None:
        return None
    items = list(application.cost_items.order_by("kind", "position", "pk"))
    plan = services.cost_plan(application)
    proof = ProofOfUse.objects.filter(application=application).select_related("checked_by").first()
    proof_in = proof is not None and proof.status != ProofOfUse.Status.DRAFT
    criteria = list(application.call.criteria.order_by("position", "pk"))
    reviews = list(application.reviews.select_related("reviewer").order_by("created_at", "pk"))
    review_rows = [ReviewRow(review=r, points=[(c, r.scores.get(str(c.pk))) for c in criteria]) for r in reviews]
    per_criterion: dict[int, list[int]] = defaultdict(list)
    for review in reviews:
        for criterion in criteria:
            points = review.scores.get(str(criterion.pk))
            if points is not None:
                per_criterion[criterion.pk].append(int(points))
    line = application.line or application.call.line
    return ApplicationDetail(
        application=application,
        sections=_answers(application),
        cost_rows=[CostRow(item=i, difference=None if i.actual is None else i.actual - i.planned) for i in items],
        plan=plan,
        adds_up=plan.costs > 0 and plan.gap == application.requested_amount,
        actual=services.cost_plan(application, actual=True) if proof_in else None,
        attachments=list(application.attachments.select_related("uploaded_by").order_by("created_at", "pk")),
        criteria=criteria,
        reviews=review_rows,
        average=_average([r.total for r in reviews]),
        max_points=sum(c.max_points for c in criteria),
        money=services.application_money(application),
        entries=list(application.entries.select_related("created_by").order_by("booked_on", "pk")),
        proof=proof,
        settlement=(
            services.proof_settlement(application)
            if proof is not None and proof.status == ProofOfUse.Status.SUBMITTED
            else None
        ),
        line=line,
        line_available=line.available,
        criterion_averages=[(c, _average(per_criterion.get(c.pk, []))) for c in criteria],
    )


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))
