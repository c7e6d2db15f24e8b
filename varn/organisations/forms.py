import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from varn.core.forms import FreeTextMixin
from varn.core.locking import LockedFormMixin
from varn.core.uploads import check_upload

from .importing import Row, parse_list, workbook_as_list
from .models import Municipality, Partner, Unit


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


class UnitForm(LockedFormMixin, TenantUniqueNameMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "email", "is_active"]


class PartnerForm(LockedFormMixin, TenantUniqueNameMixin, FreeTextMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "email", "is_active"]


class OrganisationListForm(forms.Form):
    """A pasted list or an Excel file of units or partners; checked, shown, and saved on confirmation."""

    WHAT: dict[str, type[Unit] | type[Partner]] = {"units": Unit, "partners": Partner}

    what = forms.ChoiceField(
        label=_("Vad listan innehåller"),
        choices=[("units", _("Förvaltningar och bolag")), ("partners", _("Samverkansparter"))],
        widget=forms.RadioSelect,
        initial="units",
    )
    text = forms.CharField(
        label=_("Lista"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "En per rad: namn; typ; e-post (typ och e-post får saknas). "
            "Rader kopierade från Excel går också bra."
        ),
    )
    file = forms.FileField(
        label=_("Eller en Excel-fil"),
        required=False,
        help_text=_("Kolumnerna namn, typ och e-post på första bladet."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.rows: list[Row] = []

    def fingerprint(self) -> str:
        """Of what was checked: the confirmation saves only the list the preview showed."""
        text = f"{self.cleaned_data.get('what')}\n{self.cleaned_data.get('text', '')}".replace("\r\n", "\n")
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def is_confirmed(self) -> bool:
        return self.is_valid() and self.data.get("previewed") == self.fingerprint()

    @property
    def model(self) -> type[Unit] | type[Partner]:
        return self.WHAT[self.cleaned_data.get("what") or "units"]

    def clean(self) -> dict:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            try:
                data["text"] = workbook_as_list(check_upload(upload, {"xlsx"}).data)
            except forms.ValidationError as error:
                self.add_error("file", error)
                return data
            # The preview shows the file's rows in the list, which the confirmation then sends.
            self.data = self.data.copy()  # type: ignore[attr-defined]
            self.data["text"] = data["text"]  # type: ignore[index]
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Klistra in en lista eller välj en Excel-fil."))
            return data
        model = self.model
        kinds = {str(label).lower(): code for code, label in model.Kind.choices}
        kinds |= {code: code for code in model.Kind.values}
        default = Unit.Kind.ADMINISTRATION if model is Unit else Partner.Kind.OTHER
        existing = {
            n.lower()
            for n in model.objects.filter(municipality=self.municipality).values_list("name", flat=True)
        }
        try:
            self.rows = parse_list(data["text"], kinds=kinds, default_kind=default, existing=existing)
        except forms.ValidationError as error:
            self.add_error("text", error)
            return data
        labels = dict(model.Kind.choices)
        for row in self.rows:
            row.kind_label = str(labels[row.kind])
        if not self.rows:
            self.add_error("text", _("Listan har inga rader."))
        elif not all(row.is_valid for row in self.rows):
            self.add_error(
                None,
                _(
                    "Några rader kan inte sparas; se skälen i förhandsgranskningen. "
                    "Rätta listan och förhandsgranska igen."
                ),
            )
        return data
