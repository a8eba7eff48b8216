from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from wegweiser.accounts.models import User
from wegweiser.tenancy.models import Role
from wegweiser.tenancy.selectors import region_get_by_slug
from wegweiser.tenancy.services import invitation_create


class Command(BaseCommand):
    help = (
        "Invite someone into a region, e.g. its first coordinator: "
        "manage.py invite kreis-offenbach person@kreis-offenbach.de --role coordinator --by admin@example.org"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("region", help="the region's URL name, e.g. kreis-offenbach")
        parser.add_argument("email")
        parser.add_argument("--role", default=Role.COORDINATOR, help=f"one of {', '.join(Role.values)}")
        parser.add_argument("--by", required=True, help="e-mail of the platform administrator inviting")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("de")
        region = region_get_by_slug(slug=options["region"])
        if region is None:
            raise CommandError(f"Unbekannte Region: {options['region']}")
        actor = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError(f"Kein aktives Konto: {options['by']}")
        try:
            with transaction.atomic():
                invitation = invitation_create(actor=actor, region=region, email=options["email"], role=options["role"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Einladung an {invitation.email} ({invitation.get_role_display()}, {region.name}) versandt.")
