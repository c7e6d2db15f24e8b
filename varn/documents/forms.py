from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from varn.core.uploads import check_upload

from .extract import DOCUMENT_KINDS


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Programdokument"), help_text=_("PDF med text eller Word (DOCX). Högst 20 MB.")
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], DOCUMENT_KINDS)
