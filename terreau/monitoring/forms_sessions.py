"""Forms of the sessions, of the quick re-typing of an attendance sheet and of the register.

The attendance form lists each candidate (invited people and the group's members) with a
checkbox; `heures-<id>` is filled only for someone who left early. A candidate's id is
"p<person pk>" for a register entry or "u<user pk>" for a member who has none yet (made
when they are ticked). Guests not on the list are typed on empty lines.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms

from terreau.accounts.models import Membership
from terreau.actions.models import Action

from .choices import AttendeeKind, SessionType
from .models import Person, WorkSession

GUEST_LINES = 4


class SessionForm(forms.ModelForm):
    invite_members = forms.BooleanField(
        label="Inviter tous les membres du groupe", required=False,
        help_text="Ajoute chaque membre du groupe aux personnes invitées.")

    class Meta:
        model = WorkSession
        fields = ["title", "type", "date", "start_time", "duration_hours", "place", "agenda",
                  "invited", "action", "minutes", "decisions"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "duration_hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25",
                                                       "max": "24", "inputmode": "decimal"}),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "invited": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "agenda": "Markdown : **gras**, listes avec « - ». Visible des membres du groupe "
                      "et dans leur agenda.",
            "minutes": "À remplir après la séance (Markdown).",
            "decisions": "Ce que le groupe a décidé (Markdown).",
            "invited": "Les personnes du registre du groupe ; ajoutez des invité·es depuis "
                       "la page « Personnes ».",
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = Person.objects.filter(
            group=group, erased_at__isnull=True).order_by("name", "pk")
        self.fields["invited"].label_from_instance = person_label
        self.fields["action"].queryset = Action.objects.filter(group=group).order_by("title")
        self.fields["action"].required = False

    def clean_duration_hours(self):
        hours = self.cleaned_data["duration_hours"]
        if hours is None or hours <= 0 or hours > 24:
            raise forms.ValidationError("La durée doit être comprise entre 0 et 24 heures.")
        return hours


def person_label(person: Person) -> str:
    details = ", ".join(v for v in (person.structure, person.mission) if v)
    return f"{person.name} ({details})" if details else person.name


class PersonForm(forms.Form):
    name = forms.CharField(label="Nom et prénom", max_length=200)
    structure = forms.CharField(label="Structure", max_length=300, required=False)
    mission = forms.CharField(label="Mission", max_length=300, required=False)
    email = forms.EmailField(label="Courriel", required=False,
                             help_text="Facultatif : pour envoyer une invitation.")


class TypeFilterForm(forms.Form):
    type = forms.ChoiceField(label="Type de séance", required=False,
                             choices=[("", "Tous les types"), *SessionType.choices])


@dataclass
class Candidate:
    """One line of the attendance form."""

    id: str
    name: str
    structure: str
    mission: str
    kind: str
    invited: bool
    present: bool = False
    hours: Decimal | None = None


def attendance_candidates(session: WorkSession) -> list[Candidate]:
    """The invited people, the group's members and whoever is already recorded, once each;
    ticked as the attendance already recorded says."""
    recorded = {row.person_id: row for row in session.attendances.exclude(person=None)}
    invited_ids = set(session.invited.values_list("pk", flat=True))
    people = {p.pk: p for p in Person.objects.filter(
        group=session.group, erased_at__isnull=True, pk__in=invited_ids | set(recorded))}
    member_users = {m.user_id: m.user for m in Membership.objects.filter(
        group=session.group).select_related("user")}
    people.update({p.pk: p for p in Person.objects.filter(
        group=session.group, erased_at__isnull=True, user_id__in=member_users)})
    candidates = []
    for person in people.values():
        row = recorded.get(person.pk)
        kind = row.kind if row else (AttendeeKind.MEMBER if person.user_id in member_users
                                     else AttendeeKind.GUEST)
        hours = row.hours if row and row.hours != session.duration_hours else None
        candidates.append(Candidate(f"p{person.pk}", person.name, person.structure,
                                    person.mission, kind, person.pk in invited_ids,
                                    present=row is not None, hours=hours))
    with_entry = {p.user_id for p in people.values() if p.user_id}
    for user_id, user in member_users.items():
        if user_id not in with_entry:
            candidates.append(Candidate(f"u{user_id}", user.get_full_name()
                                        or user.get_username(), "", "", AttendeeKind.MEMBER,
                                        False))
    candidates.sort(key=lambda c: (c.kind != AttendeeKind.MEMBER, c.name.lower()))
    return candidates


class AttendanceForm(forms.Form):
    habitants = forms.IntegerField(label="Habitant·es présent·es (nombre)", min_value=0,
                                   max_value=10000, required=False, initial=0,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, session: WorkSession, candidates: list[Candidate],
                 guest_lines: int = GUEST_LINES, **kwargs):
        super().__init__(*args, **kwargs)
        self.session, self.candidates = session, candidates
        self.guest_lines = guest_lines
        for candidate in candidates:
            self.fields[f"present-{candidate.id}"] = forms.BooleanField(
                label=candidate.name, required=False, initial=candidate.present)
            self.fields[f"heures-{candidate.id}"] = forms.DecimalField(
                label=f"Heures de {candidate.name}", required=False, min_value=Decimal("0.01"),
                max_value=session.duration_hours, decimal_places=2, initial=candidate.hours,
                localize=True)
        for index in range(guest_lines):
            for key, label in (("nom", "Nom"), ("structure", "Structure"),
                               ("mission", "Mission")):
                self.fields[f"invite-{index}-{key}"] = forms.CharField(
                    label=f"{label} (invité·e {index + 1})", required=False,
                    max_length=200 if key == "nom" else 300)

    def clean(self):
        data = super().clean()
        for index in range(self.guest_lines):
            has_details = (data.get(f"invite-{index}-structure")
                           or data.get(f"invite-{index}-mission"))
            if has_details and not data.get(f"invite-{index}-nom"):
                self.add_error(f"invite-{index}-nom",
                               f"Ligne d'invité·e {index + 1} : le nom manque.")
        for candidate in self.candidates:
            if (data.get(f"heures-{candidate.id}") is not None
                    and not data.get(f"present-{candidate.id}")):
                self.add_error(f"heures-{candidate.id}",
                               f"{candidate.name} : cochez sa présence ou videz ses heures.")
        return data

    def ticked(self) -> list[tuple[Candidate, Decimal | None]]:
        return [(c, self.cleaned_data.get(f"heures-{c.id}")) for c in self.candidates
                if self.cleaned_data.get(f"present-{c.id}")]

    def guests(self) -> list[dict]:
        return [{"name": self.cleaned_data[f"invite-{i}-nom"].strip(),
                 "structure": self.cleaned_data[f"invite-{i}-structure"].strip(),
                 "mission": self.cleaned_data[f"invite-{i}-mission"].strip()}
                for i in range(self.guest_lines)
                if self.cleaned_data.get(f"invite-{i}-nom", "").strip()]

    def rows(self):
        """(candidate, checkbox, hours field) for the template."""
        return [(c, self[f"present-{c.id}"], self[f"heures-{c.id}"]) for c in self.candidates]

    def guest_rows(self):
        return [(i + 1, self[f"invite-{i}-nom"], self[f"invite-{i}-structure"],
                 self[f"invite-{i}-mission"]) for i in range(self.guest_lines)]
