import datetime

from django.utils import timezone

from varn.cooperation import reporting
from varn.core.reporting import Section
from varn.factories import PartnerFactory

from .factories import ActionPointFactory, ForumFactory, ForumMeetingFactory


def test_the_report_section_covers_forums_unions_follow_up_and_action_points(cast):
    police = PartnerFactory(municipality=cast.municipality, name="Polisen")
    central = ForumFactory(
        municipality=cast.municipality,
        name="Central samverkansgrupp",
        units=[cast.unit],
        partners=[cast.partner],
        has_written_agreement=True,
        agreement_decided_by="KSAU 2025-10-22 § 170",
        last_followed_up=timezone.localdate() - datetime.timedelta(days=30),
    )
    police_forum = ForumFactory(
        municipality=cast.municipality,
        name="Polissamverkan",
        units=[cast.unit],
        partners=[police],
        has_written_agreement=True,
        agreement_decided_by="SN",
    )
    with_unions = ForumMeetingFactory(forum=central, date=datetime.date(2025, 12, 1))
    with_unions.set_attendance({("unit", cast.unit.pk): 2, ("partner", cast.partner.pk): 1}, by=None)
    without = ForumMeetingFactory(forum=central, date=datetime.date(2026, 3, 1))
    without.set_attendance({("unit", cast.unit.pk): 2}, by=None)
    ActionPointFactory(
        meeting=without,
        owner_unit=cast.unit,
        text="Uppdatera överenskommelsen",
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    ForumMeetingFactory(forum=police_forum, date=datetime.date(2026, 4, 1))

    section = reporting.section(cast.program)
    assert isinstance(section, Section)
    assert section.title == "Samverkan"
    forums = {row[0]: row for row in section.tables[0].rows}
    assert forums["Central samverkansgrupp"][2] == "ja"
    assert forums["Central samverkansgrupp"][5] == "nej"
    assert forums["Polissamverkan"][4] == "aldrig"
    assert forums["Polissamverkan"][5] == "ja"
    assert section.tables[1].rows == [["Central samverkansgrupp", "2", "1"]]
    assert section.tables[2].rows[0][0] == "Uppdatera överenskommelsen"
    assert "(försenad)" in section.tables[2].rows[0][3]
    assert any("varav 1 med de fackliga parterna" in p for p in section.paragraphs)
    assert any("deltog i 1 av dem" in p for p in section.paragraphs)
    chart = section.charts[0]
    assert chart.series["Möten"][:2] == [1, 2]
    assert chart.series["Möten med fackliga parter"][:2] == [1, 0]
    assert chart.svg().startswith("<svg")


def test_the_report_leaves_cooperation_out_without_forums(cast):
    assert reporting.section(cast.program) is None
