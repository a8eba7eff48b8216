"""Every change to a region's funding: one transaction, the actor's permission, validation,
one audit entry, notifications after commit.

Money moves only here. A budget line's ``committed`` and ``paid`` change by single
``UPDATE … SET committed = committed + x`` statements: the database applies them one after the
other and its check constraint ``committed <= amount`` refuses the one that does not fit, also
when two reviewers approve at the same instant (ADR 0015). An application's own figures (paid,
released, reclaimed) are summed from its ledger under a row lock on the application.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from wegweiser.accounts.models import User
from wegweiser.audit.services import audit_record, changes_between, snapshot
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
    OrganisationMember,
    Programme,
    ProofOfUse,
    Review,
)
from wegweiser.funding.permissions import (
    APPLY_FOR_FUNDING,
    DECIDE_APPLICATIONS,
    MANAGE_FUNDING,
    MANAGE_LEDGER,
    REVIEW_APPLICATIONS,
)
from wegweiser.notifications.services import notify
from wegweiser.tenancy.models import Commune, Invitation, Membership, Region, Role
from wegweiser.tenancy.selectors import (
    office_user_list,
    permission_require,
    region_access_get,
    region_objects_require,
)

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".odt", ".ods")

# ----------------------------------------------------------------------------- helpers


def money(value: Any, field: str, *, allow_zero: bool = True) -> Decimal:
    """A positive amount in euros, exact to the cent, or a ValidationError for ``field``."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace("€", "")) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: _("Enter an amount in euros, e.g. 1250.00.")})
    if amount < 0:
        raise ValidationError({field: _("Amounts cannot be negative.")})
    if amount == 0 and not allow_zero:
        raise ValidationError({field: _("Enter an amount above zero.")})
    if amount != amount.quantize(CENT):
        raise ValidationError({field: _("Amounts have at most two decimal places (cents).")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("This amount is too large.")})
    return amount.quantize(CENT)


def _lock(model: type[Any], pk: int) -> Any:
    return model._default_manager.select_for_update().get(pk=pk)


def _applicant_users(application: Application) -> list[User | None]:
    return [application.created_by, *(m.user for m in application.organisation.members.select_related("user"))]


def _url(name: str, *args: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # pages not mounted (e.g. a management command in a partial install)
        return ""


def _is_member(user: User | None, organisation: Organisation) -> bool:
    return user is not None and organisation.members.filter(user=user).exists()


def _require_applicant(actor: User | None, organisation: Organisation) -> None:
    """A member of ``organisation`` with the applicant role (or the system)."""
    if actor is None:
        return
    access = region_access_get(user=actor, region=organisation.region)
    if access is None or not access.can(APPLY_FOR_FUNDING) or not _is_member(actor, organisation):
        raise PermissionDenied(_("You may only act for your own organisation."))


def _line_move(line: BudgetLine, *, committed: Decimal = ZERO, paid: Decimal = ZERO) -> None:
    """Move a line's figures in one statement; the database refuses what breaks the budget."""
    try:
        with transaction.atomic():
            BudgetLine.objects.filter(pk=line.pk).update(
                committed=F("committed") + committed, paid=F("paid") + paid, updated_at=timezone.now()
            )
    except IntegrityError:
        line.refresh_from_db()
        raise ValidationError(
            {
                "amount": _("This exceeds what is available in “%(line)s”: %(available)s € left.")
                % {"line": line.name, "available": _euro(line.available)}
            }
        ) from None


def _euro(amount: Decimal) -> str:
    """German notation: 1.234,50"""
    text = f"{amount:,.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _entry(
    *,
    actor: User | None,
    line: BudgetLine,
    kind: str,
    amount: Decimal,
    application: Application | None,
    note: str = "",
    booked_on: date | None = None,
) -> LedgerEntry:
    entry = LedgerEntry.objects.create(
        region=line.region,
        line=line,
        application=application,
        kind=kind,
        amount=amount,
        booked_on=booked_on or timezone.localdate(),
        note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action=f"funding.ledger.{kind}",
        target=application or line,
        region=line.region,
        changes=changes_between({}, {"line": str(line), "amount": amount, "note": note}),
    )
    return entry


@dataclass(frozen=True)
class Money:
    """An application's money, summed from its ledger."""

    committed: Decimal  # approved − released − reclaimed
    paid: Decimal  # payments − reclaims
    released: Decimal
    reclaimed: Decimal

    @property
    def unpaid(self) -> Decimal:
        return self.committed - self.paid


def application_money(application: Application) -> Money:
    sums = {
        row["kind"]: row["total"]
        for row in LedgerEntry.objects.filter(application=application).values("kind").annotate(total=Sum("amount"))
    }
    commitment, payment = sums.get("commitment", ZERO), sums.get("payment", ZERO)
    release, reclaim = sums.get("release", ZERO), sums.get("reclaim", ZERO)
    return Money(committed=commitment - release - reclaim, paid=payment - reclaim, released=release, reclaimed=reclaim)


# ----------------------------------------------------------------------------- programmes and budgets


def programme_save(
    *, actor: User | None, region: Region, programme: Programme | None = None, **values: Any
) -> Programme:
    fields = ["name", "description", "source", "starts_on", "ends_on", "funding_rate", "is_active"]
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_FUNDING)
        region_objects_require(region, programme=programme)
        before = snapshot(programme, fields) if programme else {}
        programme = programme or Programme(region=region)
        for name, value in values.items():
            if name not in fields:
                raise ValueError(f"Unknown field {name!r}")
            setattr(programme, name, value.strip() if isinstance(value, str) else value)
        if programme.starts_on and programme.ends_on and programme.ends_on < programme.starts_on:
            raise ValidationError({"ends_on": _("The grant period must end after it starts.")})
        clash = Programme.objects.filter(region=region, name__iexact=programme.name).exclude(pk=programme.pk)
        if clash.exists():
            raise ValidationError({"name": _("There is already a programme with this name.")})
        programme.full_clean(exclude=["region"])
        programme.save()
        audit_record(
            actor=actor,
            action="funding.programme.saved",
            target=programme,
            region=region,
            changes=changes_between(before, snapshot(programme, fields)),
        )
    return programme


def budget_save(
    *,
    actor: User | None,
    programme: Programme,
    year: int,
    co_financing: Any = ZERO,
    co_financing_source: str = "",
    budget: Budget | None = None,
) -> Budget:
    region = programme.region
    amount = money(co_financing, "co_financing")
    if not programme.starts_on.year <= year <= programme.ends_on.year:
        raise ValidationError({"year": _("The year must lie within the programme's grant period.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_FUNDING)
        if budget is None and Budget.objects.filter(programme=programme, year=year).exists():
            raise ValidationError({"year": _("This programme already has a budget for %(year)s.") % {"year": year}})
        before = snapshot(budget, ["year", "co_financing", "co_financing_source"]) if budget else {}
        budget = budget or Budget(region=region, programme=programme)
        budget.year, budget.co_financing, budget.co_financing_source = year, amount, co_financing_source.strip()
        budget.save()
        audit_record(
            actor=actor,
            action="funding.budget.saved",
            target=budget,
            region=region,
            changes=changes_between(before, snapshot(budget, ["year", "co_financing", "co_financing_source"])),
        )
    return budget


def line_save(
    *, actor: User | None, budget: Budget, name: str, purpose: str, amount: Any, line: BudgetLine | None = None
) -> BudgetLine:
    """Create or change a budget line. Its amount cannot drop below what is committed."""
    region = budget.region
    value = money(amount, "amount")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    if purpose not in BudgetLine.Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_FUNDING)
        if BudgetLine.objects.filter(budget=budget, name__iexact=name).exclude(pk=line.pk if line else 0).exists():
            raise ValidationError({"name": _("This budget already has a line with this name.")})
        before = snapshot(line, ["name", "purpose", "amount"]) if line else {}
        if line is None:
            line = BudgetLine.objects.create(region=region, budget=budget, name=name, purpose=purpose, amount=value)
        else:
            try:
                with transaction.atomic():
                    BudgetLine.objects.filter(pk=line.pk).update(name=name, purpose=purpose, amount=value)
            except IntegrityError:
                line.refresh_from_db()
                raise ValidationError(
                    {
                        "amount": _("%(committed)s € are already committed; the line cannot be smaller.")
                        % {"committed": _euro(line.committed)}
                    }
                ) from None
            line.refresh_from_db()
        audit_record(
            actor=actor,
            action="funding.line.saved",
            target=line,
            region=region,
            changes=changes_between(before, snapshot(line, ["name", "purpose", "amount"])),
        )
    return line


# ----------------------------------------------------------------------------- calls and their forms

CALL_FIELDS = [
    "line",
    "title",
    "description",
    "eligibility",
    "opens_at",
    "closes_at",
    "max_amount",
    "eligible_kinds",
    "is_published",
]


def call_save(*, actor: User | None, region: Region, call: Call | None = None, **values: Any) -> Call:
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_FUNDING)
        region_objects_require(region, call=call, line=values.get("line"))
        before = snapshot(call, CALL_FIELDS) if call else {}
        call = call or Call(region=region)
        for name, value in values.items():
            if name not in CALL_FIELDS:
                raise ValueError(f"Unknown field {name!r}")
            setattr(call, name, value.strip() if isinstance(value, str) else value)
        if call.max_amount is not None:
            call.max_amount = money(call.max_amount, "max_amount", allow_zero=False)
        if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
            raise ValidationError({"closes_at": _("The deadline must come after the opening.")})
        unknown = set(call.eligible_kinds or []) - set(Organisation.Kind.values)
        if unknown:
            raise ValidationError({"eligible_kinds": _("Choose kinds of organisation from the list.")})
        call.full_clean(exclude=["region"])
        call.save()
        audit_record(
            actor=actor,
            action="funding.call.saved",
            target=call,
            region=region,
            changes=changes_between(before, snapshot(call, CALL_FIELDS)),
        )
    return call


FIELD_FIELDS = ["section", "key", "label", "help_text", "kind", "required", "choices", "max_length", "translations"]


def form_field_save(*, actor: User | None, call: Call, field: FormField | None = None, **values: Any) -> FormField:
    """Add or change a question of the call's form (also its translations)."""
    region = call.region
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_FUNDING)
        if field is not None and field.call_id != call.pk:
            raise ValidationError(_("This question belongs to another call."))
        before = snapshot(field, FIELD_FIELDS) if field else {}
        if field is None:
            position = (call.fields.aggregate(m=Max("position"))["m"] or 0) + 1
            field = FormField(call=call, position=position)
        for name, value in values.items():
            if name not in FIELD_FIELDS:
                raise ValueError(f"Unknown field {name!r}")
            setattr(field, name, value.strip() if isinstance(value, str) else value)
        if field.kind == FormField.Kind.CHOICE and not field.choices:
            raise ValidationError({"choices": _("A choice needs at least one option.")})
        if call.fields.filter(key=field.key).exclude(pk=field.pk).exists():
            raise ValidationError({"key": _("Another question of this call has this key.")})
        field.full_clean(exclude=["call"])
        field.save()
        audit_record(
            actor=actor,
            action="funding.form_field.saved",
            target=call,
            region=region,
            changes=changes_between(before, snapshot(field, FIELD_FIELDS)),
        )
    return field


def criterion_save(
    *, actor: User | None, call: Call, name: str, max_points: int, criterion: Criterion | None = None
) -> Criterion:
    region = call.region
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    if not 1 <= max_points <= 100:
        raise ValidationError({"max_points": _("Between 1 and 100 points.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_FUNDING)
        if criterion is None:
            position = (call.criteria.aggregate(m=Max("position"))["m"] or 0) + 1
            criterion = Criterion(call=call, position=position)
        criterion.name, criterion.max_points = name.strip(), max_points
        criterion.save()
        audit_record(
            actor=actor,
            action="funding.criterion.saved",
            target=call,
            region=region,
            changes=changes_between({}, {"criterion": criterion.name, "max_points": max_points}),
        )
    return criterion


def call_is_open(call: Call, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return call.is_published and call.opens_at <= now < call.closes_at


# ----------------------------------------------------------------------------- organisations

ACTIVATION_SALT = "funding.organisation.activate"
ACTIVATION_MAX_AGE = 3 * 24 * 3600


def organisation_register(
    *,
    region: Region,
    name: str,
    kind: str,
    contact_name: str,
    email: str,
    password: str,
    commune: Commune | None = None,
    address: str = "",
    register_number: str = "",
    phone: str = "",
) -> Organisation:
    """An organisation registers online: its account stays inactive until the e-mail address
    is confirmed through the link sent to it (``organisation_activate``)."""
    from django.contrib.auth.password_validation import validate_password

    email = User.objects.normalize_email(email).strip().lower()
    name = " ".join(name.split())
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Enter the organisation's name.")]
    if kind not in Organisation.Kind.values:
        errors["kind"] = [_("Choose a kind of organisation.")]
    if not contact_name.strip():
        errors["contact_name"] = [_("Enter a contact person.")]
    try:
        validate_password(password)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and not existing.is_active and _awaits_activation(existing, region):
        _activation_send(user=existing, region=region, organisation=name or existing.full_name)
        errors["email"] = [
            _("This address is registered but not confirmed yet. We have sent the confirmation link again.")
        ]
    elif existing is not None:
        errors["email"] = [_("There is already an account with this address. Please sign in.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), scope(region=region):
        region_objects_require(region, commune=commune)
        if Organisation.objects.filter(region=region, name__iexact=name).exists():
            raise ValidationError({"name": _("This organisation is already registered; ask its members to add you.")})
        user = User.objects.create_user(email=email, password=password, full_name=contact_name.strip())
        user.is_active = False
        user.save(update_fields=["is_active"])
        organisation = Organisation.objects.create(
            region=region,
            name=name,
            kind=kind,
            commune=commune,
            address=address.strip(),
            register_number=register_number.strip(),
            contact_name=contact_name.strip(),
            email=email,
            phone=phone.strip(),
        )
        OrganisationMember.objects.create(region=region, organisation=organisation, email=email, user=user)
        Membership.objects.create(user=user, region=region, role=Role.APPLICANT)
        audit_record(
            actor=None,
            action="funding.organisation.registered",
            target=organisation,
            region=region,
            changes=changes_between({}, {"name": name, "kind": kind, "email": email}),
            is_personal_data=True,
        )
        transaction.on_commit(lambda: _activation_send(user=user, region=region, organisation=name))
    return organisation


def _awaits_activation(user: User, region: Region) -> bool:
    """Registered for an organisation of ``region`` and never confirmed."""
    with scope(region=region):
        return OrganisationMember.objects.filter(region=region, user=user).exists() and user.last_login is None


def _activation_send(*, user: User, region: Region, organisation: str) -> None:
    """The confirmation link, in the language of the page the person is on."""
    from wegweiser.core.mail import send_templated_mail

    token = signing.dumps({"user": user.pk, "region": region.pk}, salt=ACTIVATION_SALT)
    send_templated_mail(
        to=user.email,
        template="funding/email/activate",
        context={
            "organisation": organisation,
            "region": region.name,
            "url": settings.SITE_URL + _url("funding_public:activate", region.slug, token),
        },
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def organisation_activate(*, token: str) -> User:
    try:
        data = signing.loads(token, salt=ACTIVATION_SALT, max_age=ACTIVATION_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid or has expired. Please register again.")) from None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["user"]).first()
        if user is None:
            raise ValidationError(_("This link is not valid or has expired. Please register again."))
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            audit_record(
                actor=user,
                action="funding.organisation.activated",
                target=user,
                region=Region.objects.get(pk=data["region"]),
                is_personal_data=True,
            )
    return user


def organisation_member_invite(*, actor: User | None, organisation: Organisation, email: str) -> OrganisationMember:
    """The office (or a member) lets another person act for the organisation."""
    from wegweiser.tenancy.services import invitation_create

    region = organisation.region
    email = User.objects.normalize_email(email).strip().lower()
    with transaction.atomic(), scope(region=region):
        access = region_access_get(user=actor, region=region) if actor else None
        if actor is not None and not (access and (access.can(MANAGE_FUNDING) or _is_member(actor, organisation))):
            raise PermissionDenied(_("You may only act for your own organisation."))
        if organisation.members.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("This person can already act for the organisation.")})
        with scopes_disabled():
            existing = Membership.objects.filter(region=region, user__email__iexact=email, is_active=True).first()
        user = None
        if existing is not None:
            if existing.role != Role.APPLICANT:
                raise ValidationError(
                    {"email": _("This address belongs to a member of the office; use another address.")}
                )
            user = existing.user
        elif access is not None and access.can(MANAGE_FUNDING) and actor is not None:
            invitation_create(actor=actor, region=region, email=email, role=Role.APPLICANT)
        else:
            raise ValidationError({"email": _("Ask the office to invite this person.")})
        member = OrganisationMember.objects.create(region=region, organisation=organisation, email=email, user=user)
        audit_record(
            actor=actor,
            action="funding.organisation.member_added",
            target=organisation,
            region=region,
            changes=changes_between({}, {"email": email}),
            is_personal_data=True,
        )
    return member


def member_link(membership: Membership, invitation: Invitation) -> None:
    """An accepted invitation links the account to the organisations waiting for its address."""
    if membership.role != Role.APPLICANT:
        return
    with scope(region=membership.region):
        OrganisationMember.objects.filter(
            region=membership.region, email__iexact=invitation.email, user__isnull=True
        ).update(user=membership.user)


# ----------------------------------------------------------------------------- applications

EDITABLE = (Application.Status.DRAFT, Application.Status.INCOMPLETE)
CostLine = tuple[str, str, str, Any]  # kind, category, description, planned amount


def _next_number(region: Region, year: int) -> str:
    prefix = f"F{year}-"
    numbers = Application.objects.filter(region=region, number__startswith=prefix).values_list("number", flat=True)
    return f"{prefix}{max((int(n.removeprefix(prefix)) for n in numbers), default=0) + 1:03d}"


def application_create(*, actor: User | None, call: Call, organisation: Organisation, title: str) -> Application:
    region = call.region
    with transaction.atomic(), scope(region=region):
        region_objects_require(region, organisation=organisation)
        _require_applicant(actor, organisation)
        if not call_is_open(call):
            raise ValidationError(_("This call is not open for applications."))
        if not title.strip():
            raise ValidationError({"title": _("Enter a project title.")})
        Region.objects.select_for_update().get(pk=region.pk)  # numbers one at a time
        application = Application.objects.create(
            region=region,
            number=_next_number(region, timezone.localdate().year),
            call=call,
            organisation=organisation,
            created_by=actor,
            title=title.strip(),
            line=call.line,
        )
        audit_record(actor=actor, action="funding.application.created", target=application, region=region)
    return application


def _answers_clean(
    call: Call, answers: Mapping[str, Any], *, strict: bool
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The answers by question key, converted; ``strict``: required questions must be answered."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field in call.fields.all():
        raw = answers.get(field.key)
        empty = raw in (None, "", [])
        if empty:
            if strict and field.required and field.kind != FormField.Kind.CHECKBOX:
                errors[field.key] = [_("Please answer this question.")]
            continue
        if field.kind == FormField.Kind.NUMBER:
            try:
                cleaned[field.key] = str(Decimal(str(raw).replace(",", ".")))
            except InvalidOperation:
                errors[field.key] = [_("Enter a number.")]
        elif field.kind == FormField.Kind.DATE:
            try:
                cleaned[field.key] = date.fromisoformat(str(raw)).isoformat()
            except ValueError:
                errors[field.key] = [_("Enter a date.")]
        elif field.kind == FormField.Kind.CHOICE:
            if raw not in field.choices:
                errors[field.key] = [_("Choose one of the options.")]
            else:
                cleaned[field.key] = raw
        elif field.kind == FormField.Kind.CHECKBOX:
            cleaned[field.key] = bool(raw) and raw not in ("0", "false", "off")
        else:
            text = str(raw).strip()
            if field.max_length and len(text) > field.max_length:
                errors[field.key] = [_("At most %(n)s characters.") % {"n": field.max_length}]
            cleaned[field.key] = text
    return cleaned, errors


def application_update(
    *,
    actor: User | None,
    application: Application,
    title: str | None = None,
    summary: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    requested_amount: Any = None,
    answers: Mapping[str, Any] | None = None,
    cost_items: Sequence[CostLine] | None = None,
) -> Application:
    """Save a draft (or fix an incomplete application). Values are checked for their type;
    completeness only on submission."""
    region = application.region
    with transaction.atomic(), scope(region=region):
        _require_applicant(actor, application.organisation)
        application = _lock(Application, application.pk)
        if application.status not in EDITABLE:
            raise ValidationError(_("A submitted application can no longer be changed."))
        errors: dict[str, list[str]] = {}
        if title is not None:
            if not title.strip():
                errors["title"] = [_("Enter a project title.")]
            application.title = title.strip()
        if summary is not None:
            application.summary = summary.strip()
        if starts_on is not None or ends_on is not None:
            application.starts_on, application.ends_on = starts_on, ends_on
            if starts_on and ends_on and ends_on < starts_on:
                errors["ends_on"] = [_("The project must end after it starts.")]
        if requested_amount is not None:
            try:
                application.requested_amount = money(requested_amount, "requested_amount")
            except ValidationError as error:
                errors.update(error.message_dict)
        if answers is not None:
            cleaned, answer_errors = _answers_clean(application.call, answers, strict=False)
            errors.update(answer_errors)
            application.answers = cleaned
        items: list[CostItem] = []
        if cost_items is not None:
            for position, (kind, category, description, planned) in enumerate(cost_items):
                if kind not in CostItem.Kind.values or category not in CostItem.Category.values:
                    errors.setdefault("cost_items", []).append(_("Choose a kind and category from the list."))
                    continue
                try:
                    amount = money(planned, "cost_items")
                except ValidationError as error:
                    errors.setdefault("cost_items", []).extend(error.messages)
                    continue
                if not description.strip():
                    errors.setdefault("cost_items", []).append(_("Describe each line of the cost plan."))
                    continue
                items.append(
                    CostItem(
                        application=application,
                        kind=kind,
                        category=category,
                        description=description.strip(),
                        planned=amount,
                        position=position,
                    )
                )
        if errors:
            raise ValidationError(errors)
        application.save()
        if cost_items is not None:
            application.cost_items.all().delete()
            CostItem.objects.bulk_create(items)
        audit_record(actor=actor, action="funding.application.saved", target=application, region=region)
    return application


@dataclass(frozen=True)
class Plan:
    costs: Decimal
    own: Decimal
    third_party: Decimal

    @property
    def gap(self) -> Decimal:
        """What the costs leave to the grant."""
        return self.costs - self.own - self.third_party


def cost_plan(application: Application, *, actual: bool = False) -> Plan:
    field = "actual" if actual else "planned"
    sums = {
        row["kind"]: row["total"] or ZERO for row in application.cost_items.values("kind").annotate(total=Sum(field))
    }
    return Plan(costs=sums.get("cost", ZERO), own=sums.get("own", ZERO), third_party=sums.get("third_party", ZERO))


def application_submit(*, actor: User | None, application: Application, now: datetime | None = None) -> Application:
    """Hand in the application: the call must be open, required questions answered, and the
    cost plan must add up (costs = requested amount + own contribution + third-party funds)."""
    region = application.region
    now = now or timezone.now()
    with transaction.atomic(), scope(region=region):
        _require_applicant(actor, application.organisation)
        application = _lock(Application, application.pk)
        if application.status not in EDITABLE:
            raise ValidationError(_("This application has already been submitted."))
        call = application.call
        errors: dict[str, list[str]] = {}
        # The deadline binds the first submission; documents the office asked for come later.
        first = application.status == Application.Status.DRAFT
        if first and now >= call.closes_at:
            errors["__all__"] = [
                _("The deadline of this call was %(deadline)s; applications can no longer be submitted.")
                % {"deadline": timezone.localtime(call.closes_at).strftime("%d.%m.%Y %H:%M")}
            ]
        elif first and not call_is_open(call, now):
            errors["__all__"] = [_("This call is not open for applications.")]
        if call.eligible_kinds and application.organisation.kind not in call.eligible_kinds:
            errors.setdefault("__all__", []).append(_("Your kind of organisation may not apply to this call."))
        _cleaned, answer_errors = _answers_clean(call, application.answers, strict=True)
        errors.update(answer_errors)
        if application.requested_amount <= 0:
            errors["requested_amount"] = [_("Enter the amount you apply for.")]
        elif call.max_amount is not None and application.requested_amount > call.max_amount:
            errors["requested_amount"] = [_("At most %(max)s € per application.") % {"max": _euro(call.max_amount)}]
        plan = cost_plan(application)
        if plan.costs <= 0:
            errors["cost_items"] = [_("Enter the costs of the project.")]
        elif plan.gap != application.requested_amount:
            errors["cost_items"] = [
                _(
                    "The cost plan does not add up: costs of %(costs)s € minus own contribution %(own)s € and "
                    "third-party funds %(third)s € leave %(gap)s €, but you apply for %(requested)s €."
                )
                % {
                    "costs": _euro(plan.costs),
                    "own": _euro(plan.own),
                    "third": _euro(plan.third_party),
                    "gap": _euro(plan.gap),
                    "requested": _euro(application.requested_amount),
                }
            ]
        if errors:
            raise ValidationError(errors)
        application.status = Application.Status.SUBMITTED
        application.submitted_at = now
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(
            actor=actor,
            action="funding.application.submitted",
            target=application,
            region=region,
            changes=changes_between({}, {"requested_amount": application.requested_amount}),
        )
        notify(
            users=office_user_list(region=region),
            region=region,
            kind="funding.application.submitted",
            title=gettext_lazy("New application %(number)s: %(title)s"),
            body=gettext_lazy("%(organisation)s applies for %(amount)s €."),
            params={
                "number": application.number,
                "title": application.title,
                "organisation": application.organisation.name,
                "amount": _euro(application.requested_amount),
            },
            url=_url("workspace:funding:application_detail", region.slug, application.pk),
        )
    return application


def application_withdraw(*, actor: User | None, application: Application) -> Application:
    region = application.region
    with transaction.atomic(), scope(region=region):
        _require_applicant(actor, application.organisation)
        application = _lock(Application, application.pk)
        if application.status not in (*EDITABLE, Application.Status.SUBMITTED, Application.Status.IN_REVIEW):
            raise ValidationError(_("A decided application cannot be withdrawn."))
        application.status = Application.Status.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="funding.application.withdrawn", target=application, region=region)
    return application


def attachment_add(
    *, actor: User | None, application: Application, file: UploadedFile, name: str = "", for_proof: bool = False
) -> Attachment:
    region = application.region
    filename = (file.name or "").rsplit("/", 1)[-1]
    if not filename.lower().endswith(ATTACHMENT_TYPES):
        raise ValidationError({"file": _("Allowed are PDF, images and office documents.")})
    if (file.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("A file may have at most 10 MB.")})
    with transaction.atomic(), scope(region=region):
        _require_applicant(actor, application.organisation)
        allowed = (*EDITABLE, *Application.GRANTED) if for_proof else EDITABLE
        if application.status not in allowed:
            raise ValidationError(_("Documents can no longer be added to this application."))
        attachment = Attachment.objects.create(
            application=application,
            file=file,
            name=(name or filename).strip()[:200],
            uploaded_by=actor,
            for_proof=for_proof,
        )
        audit_record(
            actor=actor,
            action="funding.attachment.added",
            target=application,
            region=region,
            changes=changes_between({}, {"attachment": attachment.name}),
        )
    return attachment


# ----------------------------------------------------------------------------- review and decision


def application_check_completeness(
    *, actor: User | None, application: Application, complete: bool, note: str = ""
) -> Application:
    """The office's first check: complete → in review; else back to the applicant with a note."""
    region = application.region
    if not complete and not note.strip():
        raise ValidationError({"note": _("Tell the applicant what is missing.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=REVIEW_APPLICATIONS)
        application = _lock(Application, application.pk)
        if application.status != Application.Status.SUBMITTED:
            raise ValidationError(_("Only submitted applications are checked for completeness."))
        application.status = Application.Status.IN_REVIEW if complete else Application.Status.INCOMPLETE
        application.completeness_note = note.strip()
        application.save(update_fields=["status", "completeness_note", "updated_at"])
        audit_record(
            actor=actor,
            action="funding.application.completeness_checked",
            target=application,
            region=region,
            changes=changes_between({"status": "submitted"}, {"status": application.status, "note": note.strip()}),
        )
        if not complete:
            notify(
                users=_applicant_users(application),
                region=region,
                kind="funding.application.incomplete",
                title=gettext_lazy("Application %(number)s: documents missing"),
                body=gettext_lazy("%(note)s Please complete it and submit it again."),
                params={"number": application.number, "note": note.strip()},
                url=_url("workspace:funding:my_application", region.slug, application.pk),
            )
    return application


def review_save(
    *, actor: User | None, application: Application, scores: Mapping[int, int], comment: str = ""
) -> Review:
    """A reviewer's points along the call's scoring sheet (one review per reviewer)."""
    region = application.region
    if actor is None:
        raise ValidationError(_("A review needs a reviewer."))
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=REVIEW_APPLICATIONS)
        application = _lock(Application, application.pk)
        if application.status != Application.Status.IN_REVIEW:
            raise ValidationError(_("Only applications in review are scored."))
        criteria = {c.pk: c for c in application.call.criteria.all()}
        errors = []
        for pk, criterion in criteria.items():
            points = scores.get(pk)
            if points is None or not 0 <= int(points) <= criterion.max_points:
                errors.append(
                    _("“%(criterion)s”: 0 to %(max)s points.")
                    % {"criterion": criterion.name, "max": criterion.max_points}
                )
        if set(scores) - set(criteria):
            errors.append(_("Score only this call's criteria."))
        if errors:
            raise ValidationError({"scores": errors})
        review, _created = Review.objects.update_or_create(
            application=application,
            reviewer=actor,
            defaults={
                "scores": {str(pk): int(points) for pk, points in scores.items()},
                "total": sum(int(p) for p in scores.values()),
                "comment": comment.strip(),
            },
        )
        audit_record(
            actor=actor,
            action="funding.application.reviewed",
            target=application,
            region=region,
            changes=changes_between({}, {"points": review.total}),
        )
    return review


def application_check_finances(
    *, actor: User | None, application: Application, ok: bool, note: str = ""
) -> Application:
    region = application.region
    if not ok and not note.strip():
        raise ValidationError({"note": _("Note what is wrong with the cost plan.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=REVIEW_APPLICATIONS)
        application = _lock(Application, application.pk)
        if application.status != Application.Status.IN_REVIEW:
            raise ValidationError(_("Only applications in review are checked."))
        application.financial_ok, application.financial_note = ok, note.strip()
        application.save(update_fields=["financial_ok", "financial_note", "updated_at"])
        audit_record(
            actor=actor,
            action="funding.application.finances_checked",
            target=application,
            region=region,
            changes=changes_between({}, {"ok": ok, "note": note.strip()}),
        )
    return application


class Decision:
    APPROVE = "approve"
    PARTIAL = "partial"
    REJECT = "reject"
    ALL = (APPROVE, PARTIAL, REJECT)


def application_decide(
    *, actor: User | None, application: Application, decision: str, amount: Any = None, reason: str = ""
) -> Application:
    """Approve in full, in part (with a reason) or reject (with a reason). An approval commits
    its amount on the call's budget line; the database refuses it when it does not fit."""
    region = application.region
    if decision not in Decision.ALL:
        raise ValidationError({"decision": _("Choose a decision.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=DECIDE_APPLICATIONS)
        application = _lock(Application, application.pk)
        if application.status != Application.Status.IN_REVIEW:
            raise ValidationError(
                _("This application is “%(status)s” and cannot be decided now.")
                % {"status": application.get_status_display()}
            )
        if decision == Decision.APPROVE:
            granted = application.requested_amount
        elif decision == Decision.PARTIAL:
            granted = money(amount, "amount", allow_zero=False)
            if granted >= application.requested_amount:
                raise ValidationError({"amount": _("In part means less than requested.")})
        else:
            granted = ZERO
        if decision != Decision.APPROVE and not reason.strip():
            raise ValidationError({"reason": _("Give the applicant a reason.")})
        if granted > 0:
            if application.financial_ok is not True:
                raise ValidationError(_("Check the cost plan before approving."))
            line = application.line or application.call.line
            _line_move(line, committed=granted)
            _entry(
                actor=actor,
                line=line,
                kind=LedgerEntry.Kind.COMMITMENT,
                amount=granted,
                application=application,
                note=application.number,
            )
        application.status = {
            Decision.APPROVE: Application.Status.APPROVED,
            Decision.PARTIAL: Application.Status.PARTIALLY_APPROVED,
            Decision.REJECT: Application.Status.REJECTED,
        }[decision]
        application.approved_amount = granted
        application.decision_reason = reason.strip()
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.save()
        audit_record(
            actor=actor,
            action="funding.application.decided",
            target=application,
            region=region,
            changes=changes_between(
                {"status": "in_review"},
                {"status": application.status, "approved_amount": granted, "reason": application.decision_reason},
            ),
        )
        notify(
            users=_applicant_users(application),
            region=region,
            kind="funding.application.decided",
            title=gettext_lazy("Decision on application %(number)s: %(status)s"),
            body=gettext_lazy("The decision letter is in Wegweiser."),
            params={"number": application.number, "status": application.get_status_display()},
            url=_url("workspace:funding:my_application", region.slug, application.pk),
        )
    return application


# ----------------------------------------------------------------------------- money after the decision


def payment_record(
    *, actor: User | None, application: Application, amount: Any, booked_on: date | None = None, note: str = ""
) -> LedgerEntry:
    """Pay a tranche; never more than is committed for the application."""
    region = application.region
    value = money(amount, "amount", allow_zero=False)
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_LEDGER)
        application = _lock(Application, application.pk)
        if application.status not in Application.GRANTED or application.status == Application.Status.CLOSED:
            raise ValidationError(_("Only approved applications are paid."))
        held = application_money(application)
        if value > held.unpaid:
            raise ValidationError(
                {"amount": _("Only %(unpaid)s € of the grant are still unpaid.") % {"unpaid": _euro(held.unpaid)}}
            )
        line = application.line or application.call.line
        _line_move(line, paid=value)
        entry = _entry(
            actor=actor,
            line=line,
            kind=LedgerEntry.Kind.PAYMENT,
            amount=value,
            application=application,
            note=note.strip(),
            booked_on=booked_on,
        )
        proof = ProofOfUse.objects.filter(application=application).first()
        if value == held.unpaid and proof is not None and proof.status == ProofOfUse.Status.ACCEPTED:
            application.status = Application.Status.CLOSED  # the last payment after the proof of use
            application.save(update_fields=["status", "updated_at"])
        return entry


def commitment_release(*, actor: User | None, application: Application, amount: Any, note: str) -> LedgerEntry:
    """Free the unpaid part of a grant (the project was smaller or did not take place)."""
    region = application.region
    value = money(amount, "amount", allow_zero=False)
    if not note.strip():
        raise ValidationError({"note": _("Give a reason.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_LEDGER)
        application = _lock(Application, application.pk)
        held = application_money(application)
        if application.status not in Application.GRANTED or value > held.unpaid:
            raise ValidationError(
                {"amount": _("Only %(unpaid)s € of the grant are still unpaid.") % {"unpaid": _euro(held.unpaid)}}
            )
        line = application.line or application.call.line
        _line_move(line, committed=-value)
        return _entry(
            actor=actor,
            line=line,
            kind=LedgerEntry.Kind.RELEASE,
            amount=value,
            application=application,
            note=note.strip(),
        )


def _reclaim(actor: User | None, application: Application, amount: Decimal, note: str) -> LedgerEntry:
    line = application.line or application.call.line
    _line_move(line, committed=-amount, paid=-amount)
    return _entry(
        actor=actor, line=line, kind=LedgerEntry.Kind.RECLAIM, amount=amount, application=application, note=note
    )


# ----------------------------------------------------------------------------- proof of use


def proof_save(
    *,
    actor: User | None,
    application: Application,
    report: str,
    participants: int | None,
    actuals: Mapping[int, Any],
) -> ProofOfUse:
    """The grantee's draft: the factual report and the actual amount of each cost plan line."""
    region = application.region
    with transaction.atomic(), scope(region=region):
        _require_applicant(actor, application.organisation)
        application = _lock(Application, application.pk)
        if application.status not in (Application.Status.APPROVED, Application.Status.PARTIALLY_APPROVED):
            raise ValidationError(_("A proof of use belongs to an approved application."))
        proof, _created = ProofOfUse.objects.get_or_create(application=application)
        if proof.status not in (ProofOfUse.Status.DRAFT, ProofOfUse.Status.CORRECTIONS):
            raise ValidationError(_("The proof of use has been submitted and can no longer be changed."))
        if participants is not None and participants < 0:
            raise ValidationError({"participants": _("Enter a number of 0 or more.")})
        items = {item.pk: item for item in application.cost_items.all()}
        errors = []
        for pk, raw in actuals.items():
            if pk not in items:
                errors.append(_("Use the lines of your cost plan."))
                continue
            try:
                items[pk].actual = money(raw, "actuals") if raw not in (None, "") else None
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError({"actuals": errors})
        CostItem.objects.bulk_update(items.values(), ["actual"])
        proof.report, proof.participants = report.strip(), participants
        proof.save()
        audit_record(actor=actor, action="funding.proof.saved", target=application, region=region)
    return proof


def _proof(application: Application) -> ProofOfUse:
    proof = ProofOfUse.objects.select_for_update().filter(application=application).first()
    if proof is None:
        raise ValidationError(_("There is no proof of use for this application yet."))
    return proof


def proof_submit(*, actor: User | None, application: Application) -> ProofOfUse:
    region = application.region
    with transaction.atomic(), scope(region=region):
        _require_applicant(actor, application.organisation)
        proof = _proof(application)
        if proof.status not in (ProofOfUse.Status.DRAFT, ProofOfUse.Status.CORRECTIONS):
            raise ValidationError(_("The proof of use has already been submitted."))
        errors: dict[str, list[str]] = {}
        if len(proof.report.strip()) < 20:
            errors["report"] = [_("Describe in a few sentences what the project did and achieved.")]
        if application.cost_items.filter(actual__isnull=True).exists():
            errors["actuals"] = [_("Enter the actual amount of every line (0 if nothing was spent).")]
        if errors:
            raise ValidationError(errors)
        proof.status = ProofOfUse.Status.SUBMITTED
        proof.submitted_at = timezone.now()
        proof.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=actor, action="funding.proof.submitted", target=application, region=region)
        notify(
            users=office_user_list(region=region),
            region=region,
            kind="funding.proof.submitted",
            title=gettext_lazy("Proof of use for %(number)s submitted"),
            params={"number": application.number},
            url=_url("workspace:funding:application_detail", region.slug, application.pk),
        )
    return proof


@dataclass(frozen=True)
class Settlement:
    """What the accepted proof of use means for the money."""

    eligible: Decimal  # actual costs − actual own and third-party money
    due: Decimal  # what the grantee gets in the end: min(grant, eligible)
    reclaim: Decimal  # paid beyond ``due``: to be paid back
    release: Decimal  # committed beyond ``due`` and not paid: freed
    still_to_pay: Decimal  # ``due`` not paid yet


def proof_settlement(application: Application) -> Settlement:
    actual = cost_plan(application, actual=True)
    held = application_money(application)
    eligible = max(actual.gap, ZERO)
    due = min(held.committed, eligible)
    reclaim = max(held.paid - due, ZERO)
    release = held.committed - due - reclaim
    return Settlement(
        eligible=eligible, due=due, reclaim=reclaim, release=release, still_to_pay=max(due - held.paid, ZERO)
    )


def proof_check(*, actor: User | None, application: Application, accept: bool, note: str = "") -> ProofOfUse:
    """The office accepts the proof of use (unspent money is reclaimed or freed and returns to
    the budget line) or asks for corrections (with a note)."""
    region = application.region
    if not accept and not note.strip():
        raise ValidationError({"note": _("Tell the grantee what to correct.")})
    with transaction.atomic(), scope(region=region):
        permission_require(actor=actor, region=region, permission=MANAGE_LEDGER)
        application = _lock(Application, application.pk)
        proof = _proof(application)
        if proof.status != ProofOfUse.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted proof of use is checked."))
        proof.office_note, proof.checked_by, proof.checked_at = note.strip(), actor, timezone.now()
        if accept:
            settlement = proof_settlement(application)
            if settlement.reclaim:
                _reclaim(actor, application, settlement.reclaim, _("Proof of use: unspent money reclaimed"))
            if settlement.release:
                line = application.line or application.call.line
                _line_move(line, committed=-settlement.release)
                _entry(
                    actor=actor,
                    line=line,
                    kind=LedgerEntry.Kind.RELEASE,
                    amount=settlement.release,
                    application=application,
                    note=_("Proof of use: grant not needed"),
                )
            proof.status = ProofOfUse.Status.ACCEPTED
            proof.reclaimed_amount = settlement.reclaim
            if not settlement.still_to_pay:
                application.status = Application.Status.CLOSED
                application.save(update_fields=["status", "updated_at"])
        else:
            proof.status = ProofOfUse.Status.CORRECTIONS
        proof.save()
        audit_record(
            actor=actor,
            action="funding.proof.accepted" if accept else "funding.proof.corrections_requested",
            target=application,
            region=region,
            changes=changes_between({}, {"note": note.strip(), "reclaimed": proof.reclaimed_amount}),
        )
        notify(
            users=_applicant_users(application),
            region=region,
            kind="funding.proof.checked",
            title=(
                gettext_lazy("Proof of use for %(number)s accepted")
                if accept
                else gettext_lazy("Proof of use for %(number)s: please correct")
            ),
            body=gettext_lazy("%(note)s"),
            params={"number": application.number, "note": note.strip() or "—"},
            url=_url("workspace:funding:my_application", region.slug, application.pk),
        )
    return proof
