from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts import services
from wegweiser.accounts.models import User
from wegweiser.core.admin import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    audit_personal_data = True
    list_display = ["email", "full_name", "is_active", "is_ministry", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_ministry", "is_superuser"]
    search_fields = ["email", "full_name"]
    fields = [
        "email",
        "full_name",
        "language",
        "is_active",
        "is_ministry",
        "is_superuser",
        "last_login",
        "date_joined",
        "erased_at",
    ]
    readonly_fields = ["last_login", "date_joined", "erased_at"]
    actions = ["erase_personal_data"]

    @admin.action(description=_("Erase personal data (GDPR Art. 17)"))
    def erase_personal_data(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            try:
                services.user_erase(actor=request.user, user=user)  # type: ignore[arg-type]
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return
        self.message_user(request, _("Personal data erased."), messages.SUCCESS)
