from django.contrib.auth import get_user_model
from django.core.management import call_command

from varn.organisations.models import Municipality, Unit
from varn.organisations.registry import all_municipalities, by_code
from varn.programs.models import Measure, MeasureUpdate, Program


def test_the_registry_holds_sweden_s_290_municipalities_with_their_official_names():
    assert len(all_municipalities()) == 290
    assert by_code("1489").official_name == "Alingsås kommun"
    assert by_code("1441").official_name == "Lerums kommun"
    assert by_code("0180").official_name == "Stockholms stad"
    assert by_code("0980").official_name == "Region Gotland"


def test_it_generates_realistic_volumes_per_municipality(db):
    call_command("generate_synthetic", "--municipalities", "2", "--seed", "7", verbosity=0)
    municipalities = Municipality.objects.all()
    assert municipalities.count() == 2 and all(m.is_demo for m in municipalities)
    for m in municipalities:
        assert 10 <= Unit.objects.filter(municipality=m).count() <= 40
        assert Program.objects.filter(municipality=m).count() == 3
        assert Measure.objects.filter(municipality=m).count() == 200
        assert MeasureUpdate.objects.filter(municipality=m).count() == 2000
        assert Measure.history.filter(municipality_id=m.pk).count() == 200


def test_the_same_seed_gives_the_same_data(db):
    call_command("generate_synthetic", "--municipalities", "1", "--seed", "3", verbosity=0)
    first = list(Measure.objects.order_by("pk").values_list("title", "status", "end_date"))
    Municipality.objects.all().delete()
    get_user_model().objects.all().delete()
    call_command("generate_synthetic", "--municipalities", "1", "--seed", "3", verbosity=0)
    assert list(Measure.objects.order_by("pk").values_list("title", "status", "end_date")) == first
