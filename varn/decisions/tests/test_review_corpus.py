"""The review screen of every real corpus protocol shows what the reader read.

`make eval` measures the reader against the hand annotations (corpus/annotations/); this test
closes the rest of the path: pasted into the import, each protocol's review screen holds every
paragraph the reader found, with its case number, the dates of the decisions it refers to and the
text of its amendments, ready for the coordinator to check."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from varn.core.models import Job
from varn.reading.evaluate import documents, protocol_text
from varn.reading.protocol import parse_protocol

REAL = [(name, path) for group, name, path, _ in documents() if group == "real"]


@pytest.mark.parametrize(("name", "path"), REAL, ids=[name for name, _ in REAL])
def test_the_review_screen_shows_what_was_read(cast, name, path):
    text = protocol_text(path)
    expected = parse_protocol(text).as_json()
    client = cast.client(cast.coordinator)
    client.post(reverse("decisions:import-start", args=[cast.slug]), {"text": text})
    job = Job.objects.get(kind="protocol_import")
    assert job.status == Job.Status.DONE, job.message
    page = html.unescape(client.get(job.result_url).content.decode())
    for paragraph in expected["paragraphs"]:
        assert f"§ {paragraph['number']}" in page, paragraph["number"]
        if paragraph["case_number"]:
            assert f'value="{paragraph["case_number"]}"' in page
        for ref in paragraph["referenced_decisions"]:
            if ref["date"]:
                assert ref["date"] in page
        for amendment in paragraph["amendments"] + paragraph["rejected_amendments"]:
            if amendment["text"]:
                assert amendment["text"].split("\n")[0][:60] in page
