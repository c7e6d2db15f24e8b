from django import forms
from django.utils.translation import gettext_lazy as _

from varn.core.forms import FreeTextMixin

from .models import Partner, Unit


class TenantUniqueNameMixin:
    """Names are unique within a municipality; say so next to the field instead of failing on save."""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()  # type: ignore[attr-defined]
        model = self._meta.model  # type: ignore[attr-defined]
        clash = model.objects.filter(municipality=self.instance.municipality, name__iexact=name)  # type: ignore[attr-defined]
        if self.instance.pk:  # type: ignore[attr-defined]
            clash = clash.exclude(pk=self.instance.pk)  # type: ignore[attr-defined]
        if clash.exists():
            raise forms.ValidationError(_("Det finns redan en organisation med det namnet i kommunen."))
        return name


class UnitForm(TenantUniqueNameMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "email", "is_active"]


class PartnerForm(TenantUniqueNameMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "email", "is_active"]
