"""Stored files only through views that check the municipality and the role (issue 14, finding 9):
/media/ is not served, not even in development, and stored names cannot be guessed."""

from __future__ import annotations

import importlib

from django.urls import reverse

import config.urls
from varn.followup.services import build_report


def test_media_is_not_served_even_with_debug_on(settings):
    settings.DEBUG = True
    try:
        patterns = importlib.reload(config.urls).urlpatterns
        assert not [p for p in patterns if "media" in str(p.pattern)]
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)


def test_a_reports_files_are_stored_under_names_nobody_can_guess(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    first = build_report(cast.program, by=cast.coordinator, formats=("docx",))
    second = build_report(cast.program, by=cast.coordinator, formats=("docx",))
    for report in (first, second):
        name = report.docx_file.name
        assert cast.municipality.slug not in name
        assert f"{report.built_at:%Y%m%d}" not in name.rsplit("/", 1)[-1]
    assert first.docx_file.name != second.docx_file.name
    address = reverse("followup:report-download", args=[cast.slug, first.pk, "docx"])
    assert cast.client(cast.viewer).get(address).status_code == 200
    assert cast.client(cast.outsider).get(address).status_code == 404
