"""The form of an interview of the register. A member names themselves as interviewer; the
group's facilitators and admins may name any member of the group."""

from django import forms

from terreau.core.markdown import MAX_LENGTH

from .choices import PersonKind
from .interviews import interviewer_name, interviewers_of


class InterviewerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return interviewer_name(obj)


class InterviewForm(forms.Form):
    date = forms.DateField(label="Date de l'entretien",
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"required": "Donnez la date de l'entretien.",
                                           "invalid": "Date illisible (jj/mm/aaaa)."})
    person_kind = forms.ChoiceField(
        label="Personne interrogée", choices=[("", "—"), *PersonKind.choices],
        help_text="Le type de personne seulement : le registre ne garde jamais de nom.",
        error_messages={"required": "Choisissez le type de personne interrogée.",
                        "invalid_choice": "Type de personne inconnu."})
    structure = forms.CharField(label="Structure (facultatif)", required=False, max_length=300,
                                help_text="Par exemple « Centre social Pluriel ».",
                                error_messages={"max_length": "300 caractères au plus."})
    interviewer = InterviewerField(
        label="Qui a mené l'entretien", queryset=None, empty_label=None,
        error_messages={"required": "Choisissez qui a mené l'entretien.",
                        "invalid_choice": "Cette personne n'est pas membre du groupe."})
    topic = forms.CharField(label="Thème (facultatif)", required=False, max_length=300,
                            error_messages={"max_length": "300 caractères au plus."})
    notes = forms.CharField(
        label="Notes (Markdown, facultatif)", required=False, max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Seules la personne qui a mené l'entretien et l'animation du groupe les "
                  "lisent. N'y écrivez pas le nom de la personne interrogée.",
        error_messages={"max_length": f"{MAX_LENGTH} caractères au plus."})

    def __init__(self, *args, group, user, manages: bool, **kwargs):
        super().__init__(*args, **kwargs)
        members = interviewers_of(group)
        self.fields["interviewer"].queryset = (
            members if manages else members.filter(pk=user.pk))
        if not manages:
            self.fields["interviewer"].help_text = ("Vous enregistrez les entretiens que vous "
                                                    "avez menés.")
        self.fields["interviewer"].initial = user.pk
