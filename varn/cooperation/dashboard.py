from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.markup import rows
from varn.core.prepared import count_of

from .models import ActionPoint, Forum


def figures(municipality_id: int, cutoff, partner_id: int | None = None, **_values) -> list:
    """The panel's columns, read in the dashboard's one row (programs/dashboard_figures.py);
    `cutoff`: `follow_up_cutoff` of today."""
    forums = Forum.objects.filter(municipality_id=municipality_id, is_active=True)
    actions = ActionPoint.objects.filter(municipality_id=municipality_id).open()
    if partner_id is not None:  # as Forum.visible_to and ActionPoint.visible_to
        forums = forums.filter(member_partners=partner_id)
        actions = actions.filter(meeting__forum__member_partners=partner_id)
    return [
        count_of(forums),
        count_of(forums.including_unions()),
        count_of(forums.agreement_not_followed_up_since(cutoff)),
        count_of(actions),
    ]


def panel(membership, program, values) -> Panel | None:
    """Forums, those with the unions, agreements due for follow-up, open action points."""
    total, with_unions, due, open_actions = values
    if not total:
        return None
    # The markup cooperation/_dashboard_panel.html had. (The words outside the f-string: xgettext
    # does not read calls inside one.)
    words = (_("Aktiva forum"), _("Med fackliga parter"), _("Överenskommelser att följa upp"))
    html = (
        '<dl class="facts">\n'
        f"  <dt>{words[0]}</dt><dd>{total}</dd>\n"
        f"  <dt>{words[1]}</dt><dd>{with_unions}</dd>\n"
        f"  <dt>{words[2]}</dt><dd>{due}</dd>\n"
        f"  <dt>{_('Öppna åtgärdspunkter')}</dt><dd>{open_actions}</dd>\n"
        "</dl>\n"
    )
    return Panel(
        title=_("Samverkan"),
        html=rows([html]),
        url=reverse("cooperation:overview", args=[membership.municipality.slug]),
    )
