from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from varn.core.forms import BLANK_CHOICE, DateInput, FreeTextMixin, limit_choices
from varn.core.locking import LockedFormMixin
from varn.core.markup import text as escape
from varn.core.uploads import check_upload
from varn.core.widgets import OptionsSelect, PlainBoundField, PlainErrorList
from varn.organisations.models import Membership, Municipality, Partner, Unit
from varn.programs.models import Program, TargetGroup, ViolenceScope

from .models import Course, CourseLevel, TrainingEffort, TrainingTarget, UnionTrainingOffer


def _period_error(program: Program) -> str:
    return _("Datumet ligger utanför programperioden %(period)s.") % {"period": program.period_label}


def organisation_choices(membership: Membership) -> list:
    """The organisations a membership may record training for, as grouped choices."""
    municipality = membership.municipality
    units = Unit.objects.for_municipality(municipality).filter(is_active=True).order_by("name")
    partners = Partner.objects.for_municipality(municipality).filter(is_active=True).order_by("name")
    if membership.is_unit_editor:
        units, partners = units.filter(pk=membership.unit_id), partners.none()
    elif membership.is_partner:
        units, partners = units.none(), partners.filter(pk=membership.partner_id)
    elif not membership.is_coordinator:
        units, partners = units.none(), partners.none()
    choices: list = []
    unit_choices = [(f"unit:{u.pk}", u.name) for u in units]
    partner_choices = [(f"partner:{p.pk}", p.name) for p in partners]
    if unit_choices:
        choices.append((_("Förvaltningar"), unit_choices))
    if partner_choices:
        choices.append((_("Samverkansparter"), partner_choices))
    return choices


class CourseForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    violence_scopes = forms.MultipleChoiceField(
        label=_("Våldsformer"), choices=ViolenceScope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Course
        fields = [
            "name",
            "level",
            "provider",
            "format",
            "hours",
            "violence_scopes",
            "url",
            "description",
            "is_active",
        ]

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not 0 < hours <= 500:
            raise ValidationError(_("Ange omfattningen i timmar, mer än 0 och högst 500."))
        return hours

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Course.objects.filter(municipality_id=self.instance.municipality_id, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Det finns redan en utbildning med det namnet."))
        return name


class TrainingEffortForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    organisation = forms.ChoiceField(label=_("Förvaltning eller samverkanspart"))

    class Meta:
        model = TrainingEffort
        fields = [
            "program",
            "organisation",
            "course",
            "target_group",
            "year",
            "start_date",
            "end_date",
            "sessions",
            "participants",
            "target_population",
            "note",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "year": _("Ange år, eller start- och slutdatum. En insats räknas till det år den slutar."),
            "participants": _("Antal personer som gått utbildningen – aldrig namn."),
        }

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = membership.municipality
        self.membership = membership
        grouped = organisation_choices(membership)
        self.fields["organisation"].choices = [BLANK_CHOICE, *grouped]  # type: ignore[attr-defined]
        if self.instance.pk:
            org = self.instance.unit_id and f"unit:{self.instance.unit_id}"
            self.initial["organisation"] = org or f"partner:{self.instance.partner_id}"
        else:
            own = [value for _group, options in grouped for value, _label in options]
            if len(own) == 1:  # a unit editor's or a partner's own organisation
                self.initial["organisation"] = own[0]
        limit_choices(self, "program", Program.objects.for_municipality(municipality))
        courses = Course.objects.for_municipality(municipality)
        if not self.instance.pk:
            courses = courses.filter(is_active=True)
        limit_choices(self, "course", courses)
        limit_choices(self, "target_group", TargetGroup.objects.for_municipality(municipality))
        self.fields["year"].required = False

    def clean(self):
        data = super().clean()
        program: Program | None = data.get("program")
        year, start, end = data.get("year"), data.get("start_date"), data.get("end_date")
        if (start is None) != (end is None) and not (
            self.has_error("start_date") or self.has_error("end_date")
        ):
            self.add_error("end_date" if start else "start_date", _("Ange både startdatum och slutdatum."))
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        if year is None and not (start and end) and not self.has_error("year"):
            self.add_error("year", _("Ange år, eller start- och slutdatum."))
        if start and end and end >= start:
            if year is None:
                data["year"] = year = end.year
            elif year != end.year:
                self.add_error(
                    "year", _("Året stämmer inte med slutdatum: en insats räknas till det år den slutar.")
                )
        if program is not None:
            if year is not None and not program.period_start <= year <= program.period_end:
                self.add_error(
                    "year",
                    _("Året ligger utanför programperioden %(period)s.") % {"period": program.period_label},
                )
            for name in ("start_date", "end_date"):
                day = data.get(name)
                if day and not program.period_contains(day):
                    self.add_error(name, _period_error(program))
        participants, population = data.get("participants"), data.get("target_population")
        if population is not None and population < 1:
            self.add_error("target_population", _("Målgruppens storlek måste vara minst 1, eller tom."))
        elif participants is not None and population is not None and participants > population:
            self.add_error(
                "participants",
                _("Antal deltagare (%(p)s) är fler än målgruppens storlek (%(n)s).")
                % {"p": participants, "n": population},
            )
        return data

    def _post_clean(self):
        org = self.cleaned_data.get("organisation", "")
        kind, _sep, pk = org.partition(":")
        self.instance.unit_id = int(pk) if kind == "unit" else None
        self.instance.partner_id = int(pk) if kind == "partner" else None
        super()._post_clean()


class TrainingTargetForm(LockedFormMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = TrainingTarget
        fields = ["program", "level", "target_group", "share", "deadline", "description"]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "program", Program.objects.for_municipality(municipality))
        limit_choices(self, "target_group", TargetGroup.objects.for_municipality(municipality))

    def clean(self):
        data = super().clean()
        share, program, deadline = data.get("share"), data.get("program"), data.get("deadline")
        if share is not None and not 1 <= share <= 100:
            self.add_error("share", _("Ange en andel mellan 1 och 100 procent."))
        if program and deadline and not program.period_contains(deadline):
            self.add_error("deadline", _period_error(program))
        if program and data.get("level"):
            same = TrainingTarget.objects.filter(
                program=program, level=data["level"], target_group=data.get("target_group")
            )
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "level",
                    _("Programmet har redan ett mål för den nivån och målgruppen. Ändra det i stället."),
                )
        return data


class _OfferDatesMixin:
    def check_offer_dates(self, data: dict, program: Program | None) -> None:
        status = data.get("status")
        offered = data.get("offered_on", getattr(self.instance, "offered_on", None))  # type: ignore[attr-defined]
        accepted, completed = data.get("accepted_on"), data.get("completed_on")
        add_error = self.add_error  # type: ignore[attr-defined]
        if (
            status in (UnionTrainingOffer.Status.ACCEPTED, UnionTrainingOffer.Status.COMPLETED)
            and not accepted
        ):
            add_error("accepted_on", _("Ange när erbjudandet accepterades."))
        if status == UnionTrainingOffer.Status.COMPLETED and not completed:
            add_error("completed_on", _("Ange när utbildningen genomfördes."))
        if status == UnionTrainingOffer.Status.OFFERED and (accepted or completed):
            add_error(
                "status",
                _("Ett erbjudande med datum för accepterad eller genomförd kan inte stå som erbjudet."),
            )
        if status == UnionTrainingOffer.Status.ACCEPTED and completed:
            add_error("status", _("Välj status Genomförd när det finns ett datum för genomförd."))
        if offered and accepted and accepted < offered:
            add_error("accepted_on", _("Erbjudandet kan inte accepteras före det gavs."))
        if accepted and completed and completed < accepted:
            add_error("completed_on", _("Utbildningen kan inte genomföras före erbjudandet accepterades."))
        if program is not None:
            for name, day in (
                ("offered_on", data.get("offered_on")),
                ("accepted_on", accepted),
                ("completed_on", completed),
            ):
                if day and not program.period_contains(day):
                    add_error(name, _period_error(program))


class UnionOfferForm(LockedFormMixin, _OfferDatesMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = UnionTrainingOffer
        fields = [
            "program",
            "partner",
            "course",
            "status",
            "offered_on",
            "accepted_on",
            "completed_on",
            "note",
        ]
        widgets = {"offered_on": DateInput(), "accepted_on": DateInput(), "completed_on": DateInput()}

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "program", Program.objects.for_municipality(municipality))
        limit_choices(
            self, "partner", Partner.objects.for_municipality(municipality).filter(kind=Partner.Kind.UNION)
        )
        limit_choices(self, "course", Course.objects.for_municipality(municipality))

    def clean(self):
        data = super().clean()
        self.check_offer_dates(data, data.get("program"))
        program, partner, course = data.get("program"), data.get("partner"), data.get("course")
        if program and partner and course:
            same = UnionTrainingOffer.objects.filter(program=program, partner=partner, course=course)
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "course", _("Den fackliga organisationen har redan fått den utbildningen erbjuden.")
                )
        return data


class OfferStatusForm(LockedFormMixin, _OfferDatesMixin, FreeTextMixin, forms.ModelForm):
    """What a union records itself: that it accepted the offer, and when the training was done."""

    class Meta:
        model = UnionTrainingOffer
        fields = ["status", "accepted_on", "completed_on", "note"]
        widgets = {"accepted_on": DateInput(), "completed_on": DateInput()}

    def clean(self):
        data = super().clean()
        self.check_offer_dates(data, self.instance.program)
        return data


class CoverageFilterForm(forms.Form):
    """The coverage page's (and its export's) choice of programme and level. Its fields render in
    Python, with the measure list's widgets (core.widgets, docs/decisions/0145): Django's widget,
    label and error-list templates were a tenth of the page (issue 16)."""

    bound_field_class = PlainBoundField

    program = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False, widget=OptionsSelect)
    level = forms.ChoiceField(
        label=_("Nivå"), choices=CourseLevel.choices, required=False, widget=OptionsSelect
    )

    def __init__(self, *args, programs: list[Program], **kwargs):
        kwargs.setdefault("error_class", PlainErrorList)
        super().__init__(*args, **kwargs)
        self.programs = {p.pk: p for p in programs}
        self.fields["program"].choices = [(p.pk, f"{p.title} ({p.period_label})") for p in programs]  # type: ignore[attr-defined]

    def chosen(self, default: Program | None) -> tuple[Program | None, str]:
        """The programme and level asked for, or the defaults when the filter is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return default, CourseLevel.BASIC
        program = self.programs.get(self.cleaned_data["program"]) if self.cleaned_data["program"] else None
        return program or default, self.cleaned_data["level"] or CourseLevel.BASIC


def _field_html(name: str, label: object, options: list[tuple[str, str]], chosen: str | None) -> str:
    """One field of the coverage filter with no error, as PlainBoundField's label_tag, OptionsSelect
    and an empty PlainErrorList write it in `<div class="field">`: the first option whose value is
    the request's is selected."""
    given = str(label)
    contents = escape(given)
    suffix = gettext(":")
    if suffix and given and given[-1] not in gettext(":?.!"):
        contents = f"{contents}{escape(suffix)}"
    parts = [
        f'<div class="field"><label for="id_{name}">{contents}</label><select name="{name}" id="id_{name}">'
    ]
    for value, text in options:
        if value == chosen:
            parts.append(f'<option value="{escape(value)}" selected>{escape(text)}</option>')
            chosen = None
        else:
            parts.append(f'<option value="{escape(value)}">{escape(text)}</option>')
    parts.append("</select></div>")
    return "".join(parts)


def filter_fields(form) -> SafeString:
    """A form's fields, as `{% for field in form %}<div class="field">{{ field.label_tag }}{{ field
    }}{{ field.errors }}</div>{% endfor %}` wrote them."""
    return mark_safe(
        "".join(
            [
                f'<div class="field">{conditional_escape(field.label_tag())}{conditional_escape(field)}'
                f"{conditional_escape(field.errors)}</div>"
                for field in form
            ]
        )
    )


def coverage_filter(data: QueryDict, programs: list[Program], default: Program | None):
    """The coverage page's programme and level, and its filter's fields as HTML (issue 16).

    A request whose `program` and `level` are absent, empty or one of the choices (every link and
    submission of the page) is read and written here as CoverageFilterForm would: bound or not, it
    is valid and shows no error. Anything else goes through CoverageFilterForm itself, for its
    messages. Returns (programme, level, fields)."""
    program_value, level_value = data.get("program"), data.get("level")
    programs_by_value = {str(p.pk): p for p in programs}
    levels = [(str(code), str(label)) for code, label in CourseLevel.choices]
    if (not program_value or program_value in programs_by_value) and (
        not level_value or level_value in {code for code, _label in levels}
    ):
        program = (programs_by_value.get(program_value) if program_value else None) or default
        fields = _field_html(
            "program",
            CoverageFilterForm.base_fields["program"].label,
            [(value, f"{p.title} ({p.period_label})") for value, p in programs_by_value.items()],
            program_value,
        ) + _field_html("level", CoverageFilterForm.base_fields["level"].label, levels, level_value)
        return program, level_value or CourseLevel.BASIC, mark_safe(fields)  # escaped above
    form = CoverageFilterForm(data, programs=programs)
    program, level = form.chosen(default)
    return program, level, filter_fields(form)


class EffortFilterForm(forms.Form):
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    level = forms.ChoiceField(
        label=_("Nivå"), choices=[("", _("Alla")), *CourseLevel.choices], required=False
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.for_municipality(municipality).order_by("name")
        partners = Partner.objects.for_municipality(municipality).order_by("name")
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla")),
            (_("Förvaltningar"), [(f"unit:{u.pk}", u.name) for u in units]),
            (_("Samverkansparter"), [(f"partner:{p.pk}", p.name) for p in partners]),
        ]

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["year"]:
            qs = qs.filter(year=data["year"])
        if data["level"]:
            qs = qs.filter(course__level=data["level"])
        kind, _sep, pk = (data["organisation"] or "").partition(":")
        if kind == "unit":
            qs = qs.filter(unit_id=int(pk))
        elif kind == "partner":
            qs = qs.filter(partner_id=int(pk))
        return qs


class ImportUploadForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    file = forms.FileField(
        label=_("Excel-fil med utbildningssiffror"),
        help_text=_(
            "Använd mallen. Största storlek 20 MB. Inget sparas förrän du har granskat och bekräftat."
        ),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, "program", Program.objects.for_municipality(municipality))
        self.fields["file"].widget.attrs["accept"] = (
            ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_upload(upload, {"xlsx"})
        return upload


class ImportConfirmForm(forms.Form):
    drop_errors = forms.BooleanField(
        label=_("Spara bara de felfria raderna och hoppa över raderna med fel"), required=False
    )


def effort_from_row(row, *, municipality: Municipality, program: Program, by) -> TrainingEffort:
    """An unsaved TrainingEffort from a checked import row."""
    kind, _sep, pk = row.organisation.partition(":")
    return TrainingEffort(
        municipality=municipality,
        program=program,
        course_id=row.course,
        unit_id=int(pk) if kind == "unit" else None,
        partner_id=int(pk) if kind == "partner" else None,
        target_group_id=row.target_group,
        year=row.year,
        start_date=row.start_date,
        end_date=row.end_date,
        sessions=row.sessions,
        participants=row.participants,
        target_population=row.target_population,
        note=row.note,
        created_by=by,
    )
