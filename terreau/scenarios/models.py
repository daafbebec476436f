"""Scenarios: ordered atlas views with a narrative, hypotheses, discussions and meetings.

A step stores the atlas view as its permalink does (the page and its query string), so that
reading it again shows the map with today's data and the same settings. Comments hang on a
step or a hypothesis; meetings keep the votes and comments made in the room, with their date.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from .choices import NotificationKind, Status, StepKind, Visibility, VoteChoice

QUERY_MAX_LENGTH = 2000  # characters of a step's query string (an atlas permalink)


class Scenario(models.Model):
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    question = models.TextField("question explorée", blank=True)
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="scenarios", verbose_name="groupe")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="scenarios",
                               verbose_name="auteur·rice")
    visibility = models.CharField("visibilité", max_length=20, choices=Visibility.choices,
                                  default=Visibility.GROUP)
    is_example = models.BooleanField("exemple", default=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="copies", verbose_name="adapté de")
    # Kept as text: the credit stays when the original is deleted or no longer visible.
    credit = models.CharField("crédit", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "scénario"
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scenarios:detail", args=[self.slug])


class Step(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField("position", default=1)  # 1, 2, 3… in reading order
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("page de l'atlas", max_length=20, choices=StepKind.choices,
                            default=StepKind.MAP)
    query = models.TextField("vue (paramètres du lien permanent)", max_length=QUERY_MAX_LENGTH)
    narrative = models.TextField("récit (Markdown)", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "étape"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def query_dict(self) -> QueryDict:
        return QueryDict(self.query)

    def params(self):
        """The atlas parameters of the view: MapParams (carte) or CompareParams
        (rapprochement). Raise atlas.params.ParamsError when the stored query is no longer valid."""
        from terreau.atlas.params import CompareParams, MapParams

        if self.kind == StepKind.COMPARE:
            return CompareParams.from_query(self.query_dict())
        return MapParams.from_query(self.query_dict(), require_indicator=True)

    def atlas_url(self) -> str:
        """The atlas page showing this view (its permalink)."""
        name = "atlas:compare" if self.kind == StepKind.COMPARE else "atlas:explorer"
        return f"{reverse(name)}?{self.query}"

    @property
    def anchor(self) -> str:
        return f"etape-{self.position}"


class Hypothesis(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="hypotheses")
    position = models.PositiveIntegerField("position", default=1)
    statement = models.TextField("énoncé")
    status = models.CharField("statut", max_length=20, choices=Status.choices,
                              default=Status.TO_CHECK)
    # The evidence: steps, datasets and indicators now; actions and survey profiles later.
    steps = models.ManyToManyField(Step, blank=True, related_name="hypotheses",
                                   verbose_name="étapes")
    indicators = models.ManyToManyField("indicators.Indicator", blank=True, related_name="+",
                                        verbose_name="indicateurs")
    datasets = models.ManyToManyField("catalog.Dataset", blank=True, related_name="+",
                                      verbose_name="jeux de données")
    evidence_note = models.TextField("autres éléments (Markdown)", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hypothèse"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.statement[:80]

    @property
    def anchor(self) -> str:
        return f"hypothese-{self.pk}"


class Meeting(models.Model):
    """A meeting around a scenario: projected, joined from phones with a short code."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="meetings")
    code = models.CharField("code", max_length=8)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField("début", default=timezone.now)
    ended_at = models.DateTimeField("fin", null=True, blank=True)
    current_position = models.PositiveIntegerField("étape affichée", default=1)

    class Meta:
        verbose_name = "réunion"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(ended_at=None),
                                    name="meeting_unique_open_code"),
        ]

    def __str__(self) -> str:
        return f"Réunion du {self.started_at:%d/%m/%Y} — {self.scenario}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Participant(models.Model):
    """Someone who joined a meeting with its code (an account is not needed)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField("prénom ou pseudonyme", max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 of the session's token
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "participant·e"

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """One change of a hypothesis's status: who, when, why (the first row is its creation)."""

    hypothesis = models.ForeignKey(Hypothesis, on_delete=models.CASCADE, related_name="changes")
    old_status = models.CharField("ancien statut", max_length=20, choices=Status.choices,
                                  blank=True)
    new_status = models.CharField("nouveau statut", max_length=20, choices=Status.choices)
    reason = models.TextField("pourquoi", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("date", default=timezone.now)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="status_changes")
    # What showed it (e.g. the evaluation round of an action), linked from the scenario.
    evidence_label = models.CharField("élément de preuve", max_length=300, blank=True)
    evidence_url = models.CharField("lien vers la preuve", max_length=500, blank=True)

    class Meta:
        verbose_name = "changement de statut"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_old_status_display() or '—'} → {self.get_new_status_display()}"


class Comment(models.Model):
    """A comment on a step or on a hypothesis (exactly one), possibly a reply to another."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="comments")
    step = models.ForeignKey(Step, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="comments")
    hypothesis = models.ForeignKey(Hypothesis, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="scenario_comments")
    author_name = models.CharField("nom affiché", max_length=120, blank=True)  # meeting guests
    body = models.TextField("texte (Markdown)")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="comments")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleted comments keep their place in the thread ("commentaire supprimé"), not their text.
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "commentaire"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(step__isnull=False, hypothesis__isnull=True)
                           | Q(step__isnull=True, hypothesis__isnull=False)),
                name="comment_on_step_or_hypothesis"),
        ]

    def __str__(self) -> str:
        return f"Commentaire de {self.display_name} ({self.created_at:%d/%m/%Y})"

    @property
    def display_name(self) -> str:
        if self.author is not None:
            return self.author.get_full_name() or self.author.get_username()
        return self.author_name or "Anonyme"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Vote(models.Model):
    """A participant's vote on a hypothesis during a meeting (one per person, changeable)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes")
    hypothesis = models.ForeignKey(Hypothesis, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField("vote", max_length=20, choices=VoteChoice.choices)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "vote"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "hypothesis", "participant"],
                                    name="vote_unique_per_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} : {self.get_choice_display()}"


class Notification(models.Model):
    """Something a member should see: a mention, a reply, a status change (in-app, e-mailed)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="scenario_notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    text = models.CharField("texte", max_length=300)
    url = models.CharField("lien", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text
