from typing import Any

from django.core.management.base import BaseCommand

from wegweiser.demo.seed import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Load the demo regions and accounts (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_seed()
        self.stdout.write("")
        self.stdout.write(f"Demo-Zugänge / demo logins (Passwort für alle / password for all: {DEMO_PASSWORD})")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.what}")
        self.stdout.write("")
