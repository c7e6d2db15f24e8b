"""Pages for the public: the published programme, its text, the decision trail and progress. No sign-in."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from varn.decisions.models import Decision
from varn.programs.models import Measure, MeasureStatus, Program
from varn.programs.rendering import prepare_for_display


@login_not_required
def index(request):
    programs = (
        Program.objects.filter(is_public=True).select_related("municipality").order_by("municipality__name")
    )
    return render(request, "public/index.html", {"programs": programs})


@login_not_required
def program(request, municipality: str, pk: int):
    program = get_object_or_404(
        Program.objects.select_related("municipality"), municipality__slug=municipality, pk=pk, is_public=True
    )
    version = program.current_version()
    if version is not None and version.created_by_decision_id:
        version.created_by_decision  # noqa: B018  (loaded here, shown by the template)
    counts = dict(
        Measure.objects.filter(program=program).order_by().values_list("status").annotate(n=Count("id"))
    )
    progress = [(label, counts.get(code, 0)) for code, label in MeasureStatus.choices]
    trail = sorted(
        Decision.objects.filter(case__program=program),
        key=lambda d: (d.meeting_date is None, d.meeting_date, d.pk),
    )
    return render(
        request,
        "public/program.html",
        {
            "program": program,
            "version": version,
            "tree": prepare_for_display(version.block_tree()) if version else [],
            "progress": progress,
            "total": sum(counts.values()),
            "trail": trail,
        },
    )
