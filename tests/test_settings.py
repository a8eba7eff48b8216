"""Production settings: no unsafe default, clear messages, and Django's deploy checks pass."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-a-long-random-production-secret-0123456789"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_is_the_default_and_refuses_to_start_without_secret_key():
    result = manage("check")
    assert result.returncode == 1
    assert "SECRET_KEY is not set (or shorter than 32 characters)" in result.stderr
    assert "config.settings.development" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 1
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_check_deploy_passes_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="wegweiser.example"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_is_off_unless_development_is_chosen():
    code = "from django.conf import settings; print(settings.DEBUG)"
    prod = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "x.example",
            "DEBUG": "true",
        },
        check=True,
        timeout=60,
    )
    assert prod.stdout.strip() == "False"
    dev = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.development"},
        check=True,
        timeout=60,
    )
    assert dev.stdout.strip() == "True"


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_servers_default_to_production_settings(module):
    source = (ROOT / module.replace(".", "/")).with_suffix(".py").read_text()
    assert 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")' in source
