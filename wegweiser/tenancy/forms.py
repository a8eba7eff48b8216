from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.tenancy.models import STAFF_ROLES, Region, Role
from wegweiser.tenancy.selectors import commune_list


class CommuneChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    default_error_messages = {
        "invalid_choice": _("Choose only communes of this region."),
        "invalid_pk_value": _("Choose only communes of this region."),
    }


class _RegionForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in STAFF_ROLES],
        error_messages={"invalid_choice": _("Choose one of the roles offered.")},
    )
    communes = CommuneChoiceField(
        label=_("Limited to communes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for the whole region."),
    )

    def __init__(self, region: Region, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = commune_list(region=region)  # type: ignore[attr-defined]


class InvitationForm(_RegionForm):
    email = forms.EmailField(label=_("E-mail address"))
    field_order = ["email", "role", "communes"]


class MembershipForm(_RegionForm):
    def __init__(self, region: Region, *args: Any, **kwargs: Any) -> None:
        super().__init__(region, *args, **kwargs)
        current = (kwargs.get("initial") or {}).get("role")
        if current and current not in STAFF_ROLES:  # a mediator's or requester's membership keeps its role
            role = Role(current)
            self.fields["role"].choices = [*self.fields["role"].choices, (role.value, role.label)]  # type: ignore[attr-defined]


class RegionSettingsForm(forms.Form):
    requires_two_factor = forms.BooleanField(
        label=_("Require two-factor authentication for all members"),
        required=False,
        help_text=_("Members without an authenticator app are asked to set one up at their next visit."),
    )
