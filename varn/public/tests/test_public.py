from django.test import Client
from django.urls import reverse

from varn.decisions.models import Case, Decision
from varn.factories import MeasureFactory, ProgramFactory


def test_anyone_reads_a_published_programme_with_its_progress_and_decisions(cast):
    cast.program.is_public = True
    cast.program.save()
    MeasureFactory(program=cast.program, responsible_unit=cast.unit, status="done")
    case = Case.objects.create(
        municipality=cast.municipality, dnr="2025.202 KS", title="Program", program=cast.program
    )
    Decision.objects.create(
        municipality=cast.municipality,
        case=case,
        body="KSAU",
        meeting_date="2025-04-23",
        paragraph=58,
        kind="referral_back",
        outcome="referred_back",
    )
    response = Client().get(reverse("public:program", args=[cast.slug, cast.program.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert cast.program.title in body and "KSAU 2025-04-23 § 58" in body and "Återremiss" in body
    assert '<th scope="row">Genomförd</th><td class="num">1</td>' in body
    assert cast.program.title in Client().get(reverse("public:index")).content.decode()


def test_an_unpublished_programme_is_not_found(cast):
    assert Client().get(reverse("public:program", args=[cast.slug, cast.program.pk])).status_code == 404


def test_a_programme_is_found_only_under_its_own_municipality(cast):
    other = ProgramFactory(municipality=cast.other, is_public=True)
    assert Client().get(reverse("public:program", args=[cast.slug, other.pk])).status_code == 404
