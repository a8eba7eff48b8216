from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "wegweiser.tenancy"
    label = "tenancy"
    verbose_name = _("Regions and memberships")

    def ready(self) -> None:
        from wegweiser.accounts.services import two_factor_policy_register
        from wegweiser.tenancy.selectors import user_requires_two_factor

        two_factor_policy_register(lambda user: user_requires_two_factor(user=user))
