import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.factories import GoalFactory, MeasureFactory, ProgramVersionFactory, UnitFactory
from varn.programs.models import FrozenVersionError, Goal, Program, save_tree


def url(cast, name, *args):
    return reverse(f"programs:{name}", args=[cast.slug, *args])


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


TREE = [
    {"id": "h1", "type": "heading", "level": 1, "page": 5, "text": "Mål", "children": []},
    {"id": "h2", "type": "heading", "level": 1, "page": 6, "text": "Samverkan", "children": []},
    {
        "id": "p1",
        "type": "paragraph",
        "page": 6,
        "text": "Samverkan sker mellan olika förvaltningar i kommunen samt med de fackliga parterna.",
        "changes": [
            {
                "label": "Tillägg 1",
                "decision": "KSAU 2025-10-22 § 170",
                "text": "samt med de fackliga parterna",
            }
        ],
        "children": [],
    },
    {
        "id": "t1",
        "type": "table",
        "page": 8,
        "text": "",
        "children": [
            {
                "id": "r1",
                "type": "row",
                "page": 8,
                "text": "",
                "children": [
                    {"id": "c1", "type": "cell", "page": 8, "text": "Område", "children": []},
                    {"id": "c2", "type": "cell", "page": 8, "text": "Utbildning", "children": []},
                ],
            },
            {
                "id": "r2",
                "type": "row",
                "page": 8,
                "text": "",
                "children": [
                    {"id": "c3", "type": "cell", "page": 8, "text": "Alla", "children": []},
                    {
                        "id": "c4",
                        "type": "cell",
                        "page": 8,
                        "text": "",
                        "children": [
                            {
                                "id": "l1",
                                "type": "list",
                                "page": 8,
                                "text": "",
                                "children": [
                                    {
                                        "id": "li1",
                                        "type": "list_item",
                                        "page": 8,
                                        "text": "Basutbildning",
                                        "children": [],
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
    },
]


def relabel(tree, prefix):
    return [
        {**node, "id": prefix + node["id"], "children": relabel(node["children"], prefix)} for node in tree
    ]


class TestDashboard:
    def test_every_role_sees_the_programme_and_the_measures(self, cast):
        MeasureFactory(program=cast.program, responsible_unit=cast.unit)
        for user in (cast.coordinator, cast.unit_editor, cast.partner_user, cast.viewer):
            body = cast.client(user).get(url(cast, "dashboard")).content.decode()
            assert cast.program.title in body

    def test_it_lists_overdue_measures(self, cast):
        MeasureFactory(
            program=cast.program,
            responsible_unit=cast.unit,
            title="Sen insats",
            start_date="2025-01-01",
            end_date="2025-02-01",
            status="ongoing",
        )
        MeasureFactory(
            program=cast.program,
            responsible_unit=cast.unit,
            title="Klar insats",
            start_date="2025-01-01",
            end_date="2025-02-01",
            status="done",
        )
        body = cast.client(cast.viewer).get(url(cast, "dashboard")).content.decode()
        overdue = body.split("Försenade insatser")[1].split("</section>")[0]
        assert "Sen insats" in overdue and "Klar insats" not in overdue

    def test_it_shows_the_latest_changes_to_members_but_not_to_partners(self, cast):
        MeasureFactory(program=cast.program, responsible_unit=cast.unit, title="Ändrad insats")
        assert "Senaste ändringar" in cast.client(cast.viewer).get(url(cast, "dashboard")).content.decode()
        assert (
            "Senaste ändringar"
            not in cast.client(cast.partner_user).get(url(cast, "dashboard")).content.decode()
        )

    def test_an_outsider_gets_404(self, cast):
        assert cast.client(cast.outsider).get(url(cast, "dashboard")).status_code == 404

    def test_its_query_count_does_not_grow_with_the_data(self, cast):
        MeasureFactory(
            program=cast.program, responsible_unit=cast.unit, end_date="2025-02-01", start_date="2025-01-01"
        )
        client = cast.client(cast.coordinator)
        few = queries(client, url(cast, "dashboard"))
        for _ in range(20):
            unit = UnitFactory(municipality=cast.municipality)
            MeasureFactory(
                program=cast.program, responsible_unit=unit, end_date="2025-02-01", start_date="2025-01-01"
            )
        assert queries(client, url(cast, "dashboard")) == few


class TestProgramPage:
    def test_it_renders_the_current_version_with_page_markers_and_marked_changes(self, cast):
        version = ProgramVersionFactory(program=cast.program, number=1)
        save_tree(version, TREE)
        body = cast.client(cast.viewer).get(url(cast, "program-detail", cast.program.pk)).content.decode()
        assert "Sida 6" in body and "Sida 8" in body
        assert '<ins class="change"' in body
        assert "Tillägg 1, KSAU 2025-10-22 § 170" in body
        assert '<li id="li1">Basutbildning' in body

    def test_it_lists_every_version_and_shows_an_older_one(self, cast):
        first = ProgramVersionFactory(program=cast.program, number=1)
        save_tree(first, TREE[:1])
        first.adopt(by=cast.coordinator)
        second = first.create_successor(by=cast.coordinator)
        client = cast.client(cast.viewer)
        body = client.get(url(cast, "program-detail", cast.program.pk)).content.decode()
        assert "Antagen" in body and "Utkast" in body
        assert client.get(url(cast, "version-detail", cast.program.pk, second.number)).status_code == 200

    def test_an_outsider_gets_404(self, cast):
        assert cast.client(cast.outsider).get(url(cast, "program-detail", cast.program.pk)).status_code == 404

    def test_its_query_count_does_not_grow_with_the_text(self, cast):
        version = ProgramVersionFactory(program=cast.program, number=1)
        save_tree(version, TREE)
        client = cast.client(cast.viewer)
        few = queries(client, url(cast, "program-detail", cast.program.pk))
        big = [node for i in range(10) for node in relabel(TREE, f"x{i}-")]
        save_tree(version, big)
        assert queries(client, url(cast, "program-detail", cast.program.pk)) == few


class TestVersions:
    def test_an_adopted_version_is_frozen_and_its_successor_keeps_block_ids(self, cast):
        version = ProgramVersionFactory(program=cast.program, number=1)
        save_tree(version, TREE)
        version.adopt(by=cast.coordinator)
        with pytest.raises(FrozenVersionError):
            save_tree(version, [])
        successor = version.create_successor(by=cast.coordinator)
        assert successor.number == 2 and not successor.is_frozen
        assert [b["id"] for b in successor.block_tree()] == [b["id"] for b in version.block_tree()]
        assert successor.block_tree() == version.block_tree()

    def test_adopting_a_new_version_supersedes_the_old(self, cast):
        first = ProgramVersionFactory(program=cast.program, number=1)
        first.adopt(by=cast.coordinator)
        second = first.create_successor(by=cast.coordinator)
        second.adopt(by=cast.coordinator)
        first.refresh_from_db()
        assert first.status == "superseded"
        assert cast.program.current_version() == second


class TestProgramEdit:
    def data(self, **overrides):
        data = {
            "title": "Program om våldsförebyggande arbete 2025–2027",
            "dnr": "2025.202 KS",
            "period_start": 2025,
            "period_end": 2027,
            "status": "adopted",
            "coordinator_title": "folkhälsostrateg",
            "violence_scopes": ["honour"],
            "budget_policy": "existing_budget",
            "follow_up_policy": "before_revision",
        }
        data.update(overrides)
        return data

    def test_the_coordinator_edits_the_programme(self, cast):
        response = cast.client(cast.coordinator).post(
            url(cast, "program-edit", cast.program.pk), self.data(lock_version=cast.program.lock_version)
        )
        assert response.status_code == 302
        cast.program.refresh_from_db()
        assert cast.program.status == Program.Status.ADOPTED
        assert cast.program.violence_scopes == ["honour"]

    def test_it_refuses_a_period_that_ends_before_it_starts(self, cast):
        response = cast.client(cast.coordinator).post(
            url(cast, "program-edit", cast.program.pk), self.data(period_end=2024)
        )
        assert "Programperioden kan inte sluta före den börjar." in response.content.decode()
        cast.program.refresh_from_db()
        assert cast.program.period_end == 2027

    def test_others_cannot_edit_and_an_outsider_gets_404(self, cast):
        for user in (cast.unit_editor, cast.viewer, cast.partner_user):
            assert (
                cast.client(user).post(url(cast, "program-edit", cast.program.pk), self.data()).status_code
                == 403
            )
        assert cast.client(cast.outsider).get(url(cast, "program-edit", cast.program.pk)).status_code == 404

    def test_its_history_shows_the_change(self, cast):
        cast.client(cast.coordinator).post(
            url(cast, "program-edit", cast.program.pk),
            self.data(dnr="KS 2025/1", lock_version=cast.program.lock_version),
        )
        body = cast.client(cast.viewer).get(url(cast, "program-history", cast.program.pk)).content.decode()
        assert "2025.202 KS" in body and "KS 2025/1" in body


class TestGoals:
    def test_the_goal_tree_shows_goals_and_sub_goals_with_measure_counts(self, cast):
        goal = GoalFactory(program=cast.program, title="Färre utsätts för våld", position=1)
        GoalFactory(program=cast.program, parent=goal, kind="sub_goal", title="Barn får kunskap", position=2)
        MeasureFactory(program=cast.program, goal=goal, responsible_unit=cast.unit)
        body = cast.client(cast.viewer).get(url(cast, "goal-list")).content.decode()
        assert "Färre utsätts för våld" in body and "Barn får kunskap" in body and "1 insats" in body

    def test_the_coordinator_creates_a_sub_goal_and_a_sub_goal_needs_a_parent(self, cast):
        goal = GoalFactory(program=cast.program)
        client = cast.client(cast.coordinator)
        bad = client.post(
            url(cast, "goal-create", cast.program.pk), {"kind": "sub_goal", "title": "Delmål", "position": 1}
        )
        assert "Ett delmål måste höra till ett mål." in bad.content.decode()
        ok = client.post(
            url(cast, "goal-create", cast.program.pk),
            {"kind": "sub_goal", "parent": goal.pk, "title": "Delmål", "position": 1},
        )
        assert ok.status_code == 302
        assert Goal.objects.get(title="Delmål").parent == goal

    def test_others_cannot_create_goals_and_an_outsider_gets_404(self, cast):
        assert cast.client(cast.viewer).get(url(cast, "goal-create", cast.program.pk)).status_code == 403
        goal = GoalFactory(program=cast.program)
        assert cast.client(cast.unit_editor).get(url(cast, "goal-edit", goal.pk)).status_code == 403
        assert cast.client(cast.outsider).get(url(cast, "goal-edit", goal.pk)).status_code == 404
        assert cast.client(cast.outsider).get(url(cast, "goal-history", goal.pk)).status_code == 404
