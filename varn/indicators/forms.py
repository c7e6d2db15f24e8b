from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from varn.core.locking import LockedFormMixin

from .models import KPI_ID, Indicator, KoladaSource


class IndicatorForm(LockedFormMixin, forms.ModelForm):
    """Choosing a Kolada key figure (by id) with its baseline and target."""

    class Meta:
        model = Indicator
        fields = ["kpi_id", "baseline", "baseline_year", "target", "position", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[
                "kpi_id"
            ].disabled = True  # values are stored under the id: choose a new figure instead

    def clean_kpi_id(self):
        kpi_id = (self.cleaned_data.get("kpi_id") or "").strip().upper()
        KPI_ID(kpi_id)
        exists = Indicator.objects.filter(municipality=self.instance.municipality, kpi_id=kpi_id)
        if self.instance.pk:
            exists = exists.exclude(pk=self.instance.pk)
        if exists.exists():
            raise ValidationError(_("Nyckeltalet %(id)s är redan valt.") % {"id": kpi_id})
        return kpi_id

    def clean_baseline_year(self):
        year = self.cleaned_data.get("baseline_year")
        if year is not None and not 1990 <= year <= 2100:
            raise ValidationError(_("Ange ett årtal, t.ex. 2024."))
        return year


class KoladaSourceForm(LockedFormMixin, forms.ModelForm):
    class Meta:
        model = KoladaSource
        fields = ["county_id", "group_id", "group_title"]

    def clean(self):
        data = super().clean()
        if data.get("group_id") and not data.get("group_title"):
            self.add_error(
                "group_title", _("Ange jämförelsegruppens namn, så att läsaren vet vad som jämförs.")
            )
        return data


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök bland föreslagna nyckeltal"), required=False, max_length=100)
