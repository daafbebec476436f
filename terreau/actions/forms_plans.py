"""Forms of the action pages: planning (create/edit), a task, the filters of the list.

Zones and structures are typed one per line (a commune's name or INSEE code; a structure's
name with its commune, or its number in the directory) and resolved with the territory's
and the directory's helpers; a line that cannot be resolved is an error naming it.
"""

from django import forms
from django.db.models import Q

from terreau.accounts.models import TerritorialGroup
from terreau.directory.forms_search import resolve_zone
from terreau.directory.models import Structure
from terreau.directory.skills import skill_list, structure_find
from terreau.directory.skills_places import SkillError
from terreau.scenarios.models import Hypothesis
from terreau.scenarios.queries import scenario_list_visible

from .choices import ActionStatus, LedBy
from .plans import (
    CONTRIBUTION_MAX,
    LEADER_MAX,
    ROLE_MAX,
    TASK_TITLE_MAX,
    TITLE_MAX,
    group_members,
    person_name,
)
from .queries import groups_for_actions

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINES_MAX = 50


def hypothesis_choices(user) -> list:
    """The hypotheses of the scenarios the person reads, grouped by scenario."""
    hypotheses = (Hypothesis.objects.filter(scenario__in=scenario_list_visible(user))
                  .select_related("scenario").order_by("scenario__title", "position", "pk"))
    groups: dict[str, list] = {}
    for h in hypotheses:
        groups.setdefault(h.scenario.title, []).append((str(h.pk), h.statement[:160]))
    return list(groups.items())


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ActionForm(forms.Form):
    groupe = forms.ChoiceField(label="Groupe", error_messages={
        "required": "Choisissez le groupe.", "invalid_choice": "Choisissez un de vos groupes."})
    title = forms.CharField(label="Titre", max_length=TITLE_MAX, error_messages={
        "required": "Donnez un titre à l'action.",
        "max_length": f"Le titre dépasse {TITLE_MAX} caractères."})
    aim = forms.CharField(label="But de l'action", required=False,
                          widget=forms.Textarea(attrs={"rows": 5}),
                          help_text="Ce que l'action cherche à changer, et pour qui. Mise en "
                                    "forme Markdown possible (**gras**, listes).")
    hypotheses = forms.MultipleChoiceField(
        label="Hypothèses testées", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Les hypothèses de vos scénarios que cette action doit vérifier.",
        error_messages={"invalid_choice": "Hypothèse inconnue ou que vous ne pouvez pas "
                                          "lire : « %(value)s »."})
    led_by = forms.ChoiceField(label="Qui la mène", choices=LedBy.choices,
                               widget=forms.RadioSelect, initial=LedBy.GROUP)
    leader = forms.CharField(label="Porteur (quand d'autres la mènent)", required=False,
                             max_length=LEADER_MAX,
                             help_text="Par exemple « Mission locale de Tours ».")
    status = forms.ChoiceField(label="État", choices=ActionStatus.choices,
                               initial=ActionStatus.PLANNED)
    starts_on = forms.DateField(label="Début", required=False, widget=DATE_WIDGET,
                                error_messages={"invalid": "Date attendue (jj/mm/aaaa)."})
    ends_on = forms.DateField(label="Fin", required=False, widget=DATE_WIDGET,
                              error_messages={"invalid": "Date attendue (jj/mm/aaaa)."})
    zones = forms.CharField(
        label="Zones concernées", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une par ligne : nom ou code INSEE d'une commune, d'un IRIS ou d'un "
                  "département (« Tours », « 37261 »).")
    structures = forms.CharField(
        label="Structures impliquées", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une par ligne : nom de la structure de l'annuaire (suivi de sa commune si "
                  "besoin) ou son numéro.")
    inhabitants_count = forms.IntegerField(
        label="Nombre d'habitants impliqués", min_value=0, initial=0, required=False,
        help_text="Un nombre seulement : on n'inscrit jamais le nom des habitants.",
        error_messages={"invalid": "Un nombre entier.", "min_value": "0 ou plus."})
    inhabitants_role = forms.CharField(
        label="Comment les habitants participent", required=False, max_length=ROLE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}))
    shared = forms.BooleanField(label="Visible des autres groupes (sans la liste des "
                                      "participant·es ni les tâches)", required=False,
                                initial=True)

    def __init__(self, *args, user, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.action = user, action
        groups = [action.group] if action else list(groups_for_actions(user))
        self.groups = {g.slug: g for g in groups}
        self.fields["groupe"].choices = [(g.slug, g.name) for g in groups]
        if len(groups) == 1:
            self.fields["groupe"].initial = groups[0].slug
        if action is not None:
            self.fields["groupe"].disabled = True
        self.fields["hypotheses"].choices = hypothesis_choices(user)
        self.member_rows = []
        if len(groups) == 1:
            self._add_member_fields(groups[0])

    def _add_member_fields(self, group: TerritorialGroup) -> None:
        """One row per member of the group: takes part, the skill, what they bring."""
        skills = [("", "— Aucune en particulier —"), *((s.slug, s.label) for s in skill_list())]
        for user in group_members(group):
            name = person_name(user)
            self.fields[f"membre_{user.pk}"] = forms.BooleanField(
                label=f"{name} participe", required=False)
            self.fields[f"competence_{user.pk}"] = forms.ChoiceField(
                label=f"Compétence apportée par {name}", required=False, choices=skills,
                error_messages={"invalid_choice": "Compétence inconnue."})
            self.fields[f"apport_{user.pk}"] = forms.CharField(
                label=f"Ce que {name} apporte", required=False, max_length=CONTRIBUTION_MAX)
            self.member_rows.append(user)

    def member_fields(self) -> list[tuple]:
        return [(self[f"membre_{u.pk}"], self[f"competence_{u.pk}"], self[f"apport_{u.pk}"])
                for u in self.member_rows]

    def visible_fields(self):  # the members' table is drawn apart (form.html)
        return [f for f in super().visible_fields()
                if not f.name.startswith(("membre_", "competence_", "apport_"))]

    def clean_zones(self):
        zones, lines = [], _lines(self.cleaned_data.get("zones"))
        if len(lines) > LINES_MAX:
            raise forms.ValidationError(f"{LINES_MAX} zones au plus.")
        for n, line in enumerate(lines, start=1):
            zone = resolve_zone(line)
            if zone is None:
                raise forms.ValidationError(f"Ligne {n} : zone inconnue « {line} ». Tapez le "
                                            "nom d'une commune ou un code INSEE.")
            if zone not in zones:
                zones.append(zone)
        return zones

    def clean_structures(self):
        structures, lines = [], _lines(self.cleaned_data.get("structures"))
        if len(lines) > LINES_MAX:
            raise forms.ValidationError(f"{LINES_MAX} structures au plus.")
        for n, line in enumerate(lines, start=1):
            try:
                structure = structure_find(line)
            except SkillError as error:
                raise forms.ValidationError(f"Ligne {n} : {error}") from error
            if structure not in structures:
                structures.append(structure)
        return structures

    def clean_hypotheses(self):
        ids = [int(value) for value in self.cleaned_data.get("hypotheses", [])]
        return list(Hypothesis.objects.filter(pk__in=ids))

    def clean(self):
        data = super().clean()
        data["group"] = self.action.group if self.action else self.groups.get(
            data.get("groupe") or "")
        if data.get("inhabitants_count") is None:
            data["inhabitants_count"] = 0
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "La fin de l'action tombe avant son début "
                                      f"({starts:%d/%m/%Y}).")
        if data.get("led_by") == LedBy.OTHERS and not data.get("leader"):
            self.add_error("leader", "Dites qui mène l'action quand ce n'est pas le groupe.")
        skills = {s.slug: s for s in skill_list()}
        data["members"] = [
            (user, skills.get(data.get(f"competence_{user.pk}") or ""),
             data.get(f"apport_{user.pk}") or "")
            for user in self.member_rows if data.get(f"membre_{user.pk}")]
        return data

    def plan_fields(self) -> dict:
        """The cleaned values, named as plans.action_create/update take them."""
        data = self.cleaned_data
        names = ("title", "aim", "led_by", "leader", "status", "starts_on", "ends_on",
                 "inhabitants_count", "inhabitants_role", "shared", "zones", "hypotheses",
                 "structures")
        return {name: data[name] for name in names}

    @classmethod
    def initial_of(cls, action) -> dict:
        initial = {name: getattr(action, name) for name in (
            "title", "aim", "led_by", "leader", "status", "starts_on", "ends_on",
            "inhabitants_count", "inhabitants_role", "shared")}
        initial["groupe"] = action.group.slug
        initial["hypotheses"] = [str(pk) for pk in action.hypotheses.values_list("pk",
                                                                                 flat=True)]
        initial["zones"] = "\n".join(z.code for z in action.zones.all())
        initial["structures"] = "\n".join(str(s.pk) for s in action.structures.all())
        for member in action.members.select_related("skill"):
            initial[f"membre_{member.user_id}"] = True
            initial[f"competence_{member.user_id}"] = member.skill.slug if member.skill else ""
            initial[f"apport_{member.user_id}"] = member.contribution
        return initial


class TaskForm(forms.Form):
    title = forms.CharField(label="Quoi", max_length=TASK_TITLE_MAX, error_messages={
        "required": "Dites ce qu'il faut faire.",
        "max_length": f"{TASK_TITLE_MAX} caractères au plus."})
    assignee = forms.ChoiceField(label="Qui", required=False, error_messages={
        "invalid_choice": "Choisissez un membre du groupe."})
    due_on = forms.DateField(label="Pour quand", required=False, widget=DATE_WIDGET,
                             error_messages={"invalid": "Date attendue (jj/mm/aaaa)."})

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in group_members(action.group)}
        self.fields["assignee"].choices = [("", "— Personne pour l'instant —"),
                                           *((pk, person_name(u)) for pk, u in
                                             self.people.items())]

    def clean_assignee(self):
        return self.people.get(self.cleaned_data.get("assignee") or "")


MINE, OTHERS = "mien", "autres"


class FilterForm(forms.Form):
    """The list's filters (a GET form: the address keeps them, the map reads the same)."""

    groupe = forms.ChoiceField(label="Groupe", required=False, choices=[
        ("", "Tous"), (MINE, "Mes groupes"), (OTHERS, "Les autres groupes")])
    mene_par = forms.ChoiceField(label="Menée par", required=False,
                                 choices=[("", "Tous"), *LedBy.choices])
    etat = forms.ChoiceField(label="État", required=False,
                             choices=[("", "Tous"), *ActionStatus.choices])
    zone = forms.CharField(label="Zone", required=False, max_length=100,
                           help_text="commune ou département : nom ou code INSEE")
    hypothese = forms.ChoiceField(label="Hypothèse testée", required=False)
    structure = forms.ChoiceField(label="Structure impliquée", required=False)
    du = forms.DateField(label="En cours entre le", required=False, widget=DATE_WIDGET,
                         error_messages={"invalid": "Date attendue (jj/mm/aaaa)."})
    au = forms.DateField(label="et le", required=False, widget=DATE_WIDGET,
                         error_messages={"invalid": "Date attendue (jj/mm/aaaa)."})

    def __init__(self, *args, actions, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        readable = set(scenario_list_visible(user).values_list("pk", flat=True))
        hypotheses = (Hypothesis.objects.filter(actions__in=actions, scenario_id__in=readable)
                      .distinct().order_by("statement"))
        self.fields["hypothese"].choices = [("", "Toutes"),
                                            *((str(h.pk), h.statement[:90]) for h in hypotheses)]
        structures = Structure.objects.filter(
            pk__in=actions.values_list("structures", flat=True)).order_by("nom")
        self.fields["structure"].choices = [("", "Toutes"),
                                            *((str(s.pk), s.nom) for s in structures)]

    def clean_zone(self):
        text = (self.cleaned_data.get("zone") or "").strip()
        zone = resolve_zone(text)
        if text and zone is None:
            raise forms.ValidationError(f"Zone inconnue : « {text} ». Tapez le nom d'une "
                                        "commune ou un code INSEE.")
        return zone

    def apply(self, actions):
        """The actions kept by the valid filters (an invalid field is shown and ignored)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        groups = self.user.memberships.values_list("group_id", flat=True) \
            if self.user.is_authenticated else []
        if data.get("groupe") == MINE:
            actions = actions.filter(group_id__in=groups)
        elif data.get("groupe") == OTHERS:
            actions = actions.exclude(group_id__in=groups)
        if data.get("mene_par"):
            actions = actions.filter(led_by=data["mene_par"])
        if data.get("etat"):
            actions = actions.filter(status=data["etat"])
        zone = data.get("zone")
        if zone is not None:  # the zone, or a zone inside it (two levels down)
            actions = actions.filter(Q(zones=zone) | Q(zones__parent=zone)
                                     | Q(zones__parent__parent=zone))
        if data.get("hypothese"):
            actions = actions.filter(hypotheses__pk=int(data["hypothese"]))
        if data.get("structure"):
            actions = actions.filter(structures__pk=int(data["structure"]))
        if data.get("du"):
            actions = actions.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=data["du"]))
        if data.get("au"):
            actions = actions.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=data["au"]))
        return actions.distinct()
