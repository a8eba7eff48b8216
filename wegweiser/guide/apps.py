from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "wegweiser.guide"
    label = "guide"
    verbose_name = _("Guide content")

    def ready(self) -> None:
        from wegweiser.guide import permissions  # noqa: F401  (defines the guide's permissions)
