"""Actions of the groups (experiments that test hypotheses), their tasks and their
evaluation rounds (indicators before/after, levers and obstacles, decision, verdicts on the
hypotheses). Inhabitants take part as a count, never as a list of names."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from terreau.scenarios.choices import Status

from .choices import ActionStatus, Decision, FactorKind, FactorTheme, LedBy


class Action(models.Model):
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="actions", verbose_name="groupe")
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    aim = models.TextField("but de l'action (Markdown)", blank=True)
    led_by = models.CharField("qui la mène", max_length=20, choices=LedBy.choices,
                              default=LedBy.GROUP)
    leader = models.CharField("porteur (quand d'autres la mènent)", max_length=300, blank=True)
    status = models.CharField("état", max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.PLANNED)
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True)
    zones = models.ManyToManyField("territory.Zone", blank=True, related_name="+",
                                   verbose_name="zones concernées")
    hypotheses = models.ManyToManyField("scenarios.Hypothesis", blank=True,
                                        related_name="actions",
                                        verbose_name="hypothèses testées")
    structures = models.ManyToManyField("directory.Structure", blank=True, related_name="+",
                                        verbose_name="structures impliquées")
    inhabitants_count = models.PositiveIntegerField("nombre d'habitants impliqués", default=0)
    inhabitants_role = models.TextField("comment les habitants participent", blank=True)
    shared = models.BooleanField("visible des autres groupes", default=True)
    is_example = models.BooleanField("exemple", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "action"
        # Undated actions last, on SQLite and PostgreSQL alike (their default orders differ).
        ordering = [models.F("starts_on").desc(nulls_last=True), "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.slug])


class ActionMember(models.Model):
    """A member who takes part in the action, and the skill they bring (from the directory's
    shared list of skills)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name="membre")
    skill = models.ForeignKey("directory.Skill", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name="compétence apportée")
    contribution = models.CharField("ce que la personne apporte", max_length=300, blank=True)

    class Meta:
        verbose_name = "participant·e à l'action"
        constraints = [models.UniqueConstraint(fields=["action", "user"],
                                               name="action_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.action}"



class Task(models.Model):
    """What, who, by when, done or not. `reminded_on` keeps the reminder from going twice."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("quoi", max_length=300)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="action_tasks",
                                 verbose_name="qui")
    due_on = models.DateField("pour quand", null=True, blank=True)
    done_at = models.DateTimeField("faite le", null=True, blank=True)
    reminded_on = models.DateField("rappel envoyé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tâche"
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class EvaluationRound(models.Model):
    """One round of evaluation: what happened, what the indicators say, levers and obstacles,
    the decision. Concluding it applies the verdicts on the hypotheses."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField("numéro")
    held_on = models.DateField("date")
    what_happened = models.TextField("ce qui s'est passé (Markdown)", blank=True)
    decision = models.CharField("décision", max_length=20, choices=Decision.choices,
                                blank=True)
    decision_note = models.TextField("pourquoi cette décision (Markdown)", blank=True)
    improvements = models.TextField("ce qu'on améliorera (Markdown)", blank=True)
    concluded_at = models.DateTimeField("conclue le", null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "temps d'évaluation"
        ordering = ["action", "number"]
        constraints = [models.UniqueConstraint(fields=["action", "number"],
                                               name="evaluation_round_unique_number")]

    def __str__(self) -> str:
        return f"{self.action} — évaluation {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("actions:round_detail", args=[self.action.slug, self.number])


class WatchedIndicator(models.Model):
    """An indicator watched by the round, with its value before and after (and their dates)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE,
                              related_name="indicators")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE,
                                  related_name="+", verbose_name="indicateur")
    zone = models.ForeignKey("territory.Zone", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="zone")
    before_period = models.CharField("date de la valeur « avant »", max_length=40, blank=True)
    before_value = models.FloatField("valeur avant", null=True, blank=True)
    after_period = models.CharField("date de la valeur « après »", max_length=40, blank=True)
    after_value = models.FloatField("valeur après", null=True, blank=True)
    # Where each value comes from: the catalogue at the time, or typed by hand.
    before_from_catalogue = models.BooleanField("valeur avant tirée du catalogue", default=False)
    after_from_catalogue = models.BooleanField("valeur après tirée du catalogue", default=False)
    note = models.CharField("commentaire", max_length=500, blank=True)

    class Meta:
        verbose_name = "indicateur suivi"
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.indicator)



class Factor(models.Model):
    """A lever or an obstacle met during a round: the register reads them across actions."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE,
                              related_name="factors")
    kind = models.CharField("levier ou frein", max_length=10, choices=FactorKind.choices)
    theme = models.CharField("thème", max_length=20, choices=FactorTheme.choices,
                             default=FactorTheme.OTHER)
    text = models.TextField("description")

    class Meta:
        verbose_name = "levier ou frein"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.text[:60]}"


class Verdict(models.Model):
    """What the round says of a hypothesis the action tests; applied when the round is
    concluded (`status_change` is then the change it made in the scenario)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE,
                              related_name="verdicts")
    hypothesis = models.ForeignKey("scenarios.Hypothesis", on_delete=models.CASCADE,
                                   related_name="+", verbose_name="hypothèse")
    new_status = models.CharField("nouveau statut", max_length=20, choices=Status.choices)
    reason = models.TextField("pourquoi")
    status_change = models.ForeignKey("scenarios.StatusChange", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "conclusion sur une hypothèse"
        constraints = [models.UniqueConstraint(fields=["round", "hypothesis"],
                                               name="verdict_unique_hypothesis")]

    def __str__(self) -> str:
        return f"{self.hypothesis} → {self.get_new_status_display()}"
