from django import forms

from .choices import AuditAction


class AuditFilterForm(forms.Form):
    """The filters of the journal page (all optional)."""

    action = forms.ChoiceField(label="Action", required=False,
                               choices=[("", "Toutes"), *AuditAction.choices])
    qui = forms.CharField(label="Qui", required=False, max_length=150,
                          help_text="identifiant du compte, ou « ligne de commande »")
    du = forms.DateField(label="Du", required=False,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    au = forms.DateField(label="Au", required=False,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", "La fin de la période est avant son début.")
        return data
