from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from varn.core.locking import LockedFormMixin

from .models import KPI_ID, Indicator, KoladaGroup, KoladaKpi, KoladaSource


class IndicatorForm(LockedFormMixin, forms.ModelForm):
    """Choosing a Kolada key figure (by id) with its baseline and target. Once the catalogue has
    been fetched, the id must be one of Kolada's; before that any well-formed id is taken and the
    next fetch fills in its name."""

    class Meta:
        model = Indicator
        fields = ["kpi_id", "baseline", "baseline_year", "target", "position", "is_active"]

    def __init__(self, *args, has_catalogue: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_catalogue = has_catalogue
        self.kpi: KoladaKpi | None = None
        if self.instance.pk:
            # Values are stored under the id: choose a new figure instead.
            self.fields["kpi_id"].disabled = True

    def clean_kpi_id(self):
        kpi_id = (self.cleaned_data.get("kpi_id") or "").strip().upper()
        KPI_ID(kpi_id)
        exists = Indicator.objects.filter(municipality=self.instance.municipality, kpi_id=kpi_id)
        if self.instance.pk:
            exists = exists.exclude(pk=self.instance.pk)
        if exists.exists():
            raise ValidationError(_("Nyckeltalet %(id)s är redan valt.") % {"id": kpi_id})
        if not self.instance.pk:
            self.kpi = KoladaKpi.objects.filter(pk=kpi_id).first()
            if self.kpi is None and self.has_catalogue:
                raise ValidationError(
                    _(
                        "Nyckeltalet %(id)s finns inte i Koladas katalog. "
                        "Sök på namnet ovan eller kontrollera id:t."
                    )
                    % {"id": kpi_id}
                )
        return kpi_id

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year is not None and not 1990 <= year <= 2100:
            raise ValidationError(_("Ange ett årtal, t.ex. 2024."))
        return year


class KoladaSourceForm(LockedFormMixin, forms.ModelForm):
    """The county (a Kolada id) and the group of similar municipalities, chosen among Kolada's
    municipality groups that have this municipality as a member."""

    group_id = forms.ChoiceField(
        label=_("Liknande kommuner"),
        required=False,
        help_text=_("Koladas kommungrupper som kommunen ingår i. Kolada jämför med gruppens medelvärde."),
    )

    class Meta:
        model = KoladaSource
        fields = ["county_id", "group_id"]

    def __init__(self, *args, groups: list[KoladaGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {g.id: g for g in groups}
        choices = [("", _("Ingen jämförelsegrupp"))] + [(g.id, f"{g.title} ({g.id})") for g in groups]
        current = self.instance.group_id
        if current and current not in self.groups:
            # Chosen before, no longer among the stored groups: kept until someone changes it.
            label = _("%(title)s (%(id)s, finns inte längre i Koladas katalog)") % {
                "title": self.instance.group_title or current,
                "id": current,
            }
            choices.append((current, label))
        cast(forms.ChoiceField, self.fields["group_id"]).choices = choices

    def save(self, commit: bool = True) -> KoladaSource:
        source = super().save(commit=False)
        group = self.groups.get(source.group_id)
        if group is not None:
            source.group_title = group.title[:200]
        elif not source.group_id:
            source.group_title = ""
        if commit:
            source.save()
        return source


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök i Koladas katalog"),
        required=False,
        max_length=100,
        help_text=_("Ord i nyckeltalets namn eller dess id, t.ex. ”ekonomiskt bistånd” eller N31807."),
    )
