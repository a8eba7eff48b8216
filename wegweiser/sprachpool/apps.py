from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SprachpoolConfig(AppConfig):
    name = "wegweiser.sprachpool"
    label = "sprachpool"
    verbose_name = _("Sprachpool")

    def ready(self) -> None:
        from wegweiser.sprachpool import permissions  # noqa: F401  (defines the Sprachpool's permissions)
        from wegweiser.sprachpool.services import member_link
        from wegweiser.tenancy.services import membership_joined_register

        membership_joined_register(member_link)
