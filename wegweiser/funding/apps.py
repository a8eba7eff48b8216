from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "wegweiser.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        from wegweiser.funding import permissions  # noqa: F401  (defines the funding permissions)
        from wegweiser.funding.services import member_link
        from wegweiser.tenancy.services import membership_joined_register

        membership_joined_register(member_link)
