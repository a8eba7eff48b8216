"""The e-mail adapter: one place that renders and sends, in the recipient's language.

Services call it from ``transaction.on_commit`` so that no mail leaves for a change that
was rolled back. The backend (console in development, SMTP in production, in-memory in
tests) comes from settings. A mail server that is down must not turn a saved change into
an error page: the failure is logged and reported to the caller as ``False``.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_templated_mail(*, to: str, template: str, context: dict[str, Any], language: str | None = None) -> bool:
    """Send ``<template>_subject.txt`` / ``<template>_body.txt`` to one address."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send %s to %s", template, to)
        return False
    return True
