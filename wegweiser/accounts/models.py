"""The user: one account per person, signing in with e-mail and password.

Roles in regions live in ``tenancy.Membership``. Two roles reach across regions and are
flags here: the ministry (reads every region) and the platform administrator
(``is_superuser``: manages regions and is the only one let into the Django admin).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields["is_superuser"] = True
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.GERMAN)
    is_active = models.BooleanField(_("active"), default=True)
    is_ministry = models.BooleanField(_("ministry"), default=False, help_text=_("Reads every region; changes nothing."))
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()

    @property
    def is_staff(self) -> bool:
        """Django's admin asks for ``is_staff``: only platform administrators get in."""
        return self.is_superuser

    @property
    def display_name(self) -> str:
        return self.full_name or self.email
