import pytest
from django.core.management import CommandError, call_command

from varn.factories import MunicipalityFactory
from varn.organisations.models import Membership, Municipality
from varn.programs.models import Measure, Program


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def find(tree, predicate):
    for node in tree:
        if predicate(node):
            return node
        found = find(node["children"], predicate)
        if found:
            return found
    return None


def test_it_loads_alingsas_with_every_role_and_a_neighbour(demo):
    alingsas = Municipality.objects.get(slug="alingsas")
    assert alingsas.code == "1489"
    roles = dict(Membership.objects.filter(municipality=alingsas).values_list("user__username", "role"))
    assert roles == {
        "samordnare": "coordinator",
        "forvaltning": "unit_editor",
        "facket": "partner",
        "politiker": "viewer",
    }
    assert Membership.objects.get(user__username="facket").partner.is_union
    assert Membership.objects.get(user__username="grannkommun").municipality.slug == "lerum"


def test_the_programme_has_the_structure_the_protocol_implies(demo):
    program = Program.objects.get(municipality__slug="alingsas")
    assert program.dnr == "2025.202 KS" and program.period_label == "2025–2027" and program.is_illustrative
    tree = program.versions.get(number=1).block_tree()
    heading = find(tree, lambda n: n["type"] == "heading" and n["text"] == "Samverkan")
    assert heading["page"] == 6
    top = [n for n in tree]
    after = top[top.index(heading) + 1 :]
    section = []
    for node in after:
        if node["type"] == "heading":
            break
        section.append(node)
    assert section[-1]["text"].endswith("mellan olika förvaltningar i kommunen.")
    table = find(tree, lambda n: n["type"] == "table")
    assert table["page"] == 8
    assert all(len(row["children"]) == 3 for row in table["children"])
    third = table["children"][-1]["children"][2]
    assert third["children"][0]["type"] == "list"


def test_it_has_20_to_30_measures_across_units_and_all_prevention_levels(demo):
    measures = Measure.objects.filter(municipality__slug="alingsas")
    assert 20 <= measures.count() <= 30
    assert set(measures.values_list("prevention_level", flat=True)) == {"universal", "selective", "indicated"}
    assert measures.values("responsible_unit").distinct().count() >= 6


def test_loading_twice_changes_nothing(demo):
    before = Measure.objects.count()
    call_command("load_demo", verbosity=0)
    assert Measure.objects.count() == before
    assert Municipality.objects.filter(slug="alingsas").count() == 1


def test_reset_rebuilds_it(demo):
    call_command("load_demo", "--reset", verbosity=0)
    assert Municipality.objects.filter(slug="alingsas").count() == 1
    assert Measure.objects.filter(municipality__slug="alingsas").count() >= 20


def test_it_refuses_a_database_with_real_municipalities_unless_forced(db):
    MunicipalityFactory(name="Riktig kommun", is_demo=False)
    with pytest.raises(CommandError, match="riktiga kommuner"):
        call_command("load_demo", verbosity=0)
    assert not Municipality.objects.filter(slug="alingsas").exists()
    call_command("load_demo", "--force", verbosity=0)
    assert Municipality.objects.filter(slug="alingsas").exists()


def test_the_neighbour_sees_nothing_of_alingsas(demo, client):
    client.post("/logga-in/", {"username": "grannkommun", "password": "demo"})
    body = client.get("/", follow=True).content.decode()
    assert "Lerums kommun" in body and "Alings" not in body
    assert client.get("/kommun/alingsas/").status_code == 404
