"""Deployment hardening: the production settings pass Django's deploy checks, every response carries
the Content-Security-Policy, and no template needs inline script or style."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(p for p in (ROOT / "varn").rglob("templates/**/*.html"))

INLINE = {
    "an inline <script> (without src)": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=\s*['\"]", re.I),
    "a javascript: address": re.compile(r"javascript:", re.I),
}


# Rendered only into PDF (WeasyPrint), never served to a browser: the CSP does not apply to them, and
# their print styles (page size, running footer) live in a <style> element. Nothing else is allowed.
PDF_ONLY = {
    "varn/documents/templates/documents/version_pdf.html",
    "varn/followup/templates/followup/report_print.html",
    "varn/followup/templates/followup/_report_print_table.html",
}


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VARN_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "-production-like-secret-key-0123456789-abcdefghij",
        DJANGO_ALLOWED_HOSTS="varn.example.se",
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    if str(template.relative_to(ROOT)) in PDF_ONLY:
        # Rendered by WeasyPrint into a PDF, never served to a browser: the CSP does not apply.
        found = [what for what in found if what not in ("a <style> element", "a style attribute")]
    assert not found, f"{template.relative_to(ROOT)} has {', '.join(found)}; the CSP forbids it"


def test_the_production_settings_pass_the_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_production_settings_turn_on_hsts_and_secure_cookies():
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True", "False"]


def test_a_missing_secret_key_stops_production_from_starting():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("name", ["core:login", "accounts:accessibility", "accounts:password-reset"])
def test_public_pages_carry_the_content_security_policy(db, client, name):
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_inside_a_municipality_carry_it_too(cast):
    response = cast.client(cast.coordinator).get(reverse("programs:dashboard", args=[cast.slug]))
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_hsts_is_sent_over_https_when_configured(db, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("core:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_session_cookie_is_not_readable_by_scripts(cast, client):
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "password"})
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert response.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"
