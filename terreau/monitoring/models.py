"""The project's own activity: project years, work sessions and who came, the interview
register, targets per project year and the yearly self-evaluation.

Names are personal data: a `Person` is the group's register entry for someone who came or
was invited. Each attendance row keeps the person's opaque `key`, so that erasing the person
(name, structure, mission, account link removed) keeps every count: distinct participants are
counted on the key.
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse

from .choices import AttendeeKind, Metric, PersonKind, SessionType


def person_key() -> str:
    return secrets.token_hex(8)


class ProjectCalendar(models.Model):
    """The instance's project: when its first year starts and how many years it runs.
    One row (`years.project_calendar()` creates it)."""

    name = models.CharField("nom du projet", max_length=200, default="Projet Terreau")
    first_day = models.DateField("premier jour de l'année 1", default=date(2025, 4, 1))
    years = models.PositiveSmallIntegerField("nombre d'années", default=3)
    hours_per_day = models.DecimalField("heures par journée de travail", max_digits=4,
                                        decimal_places=2, default=7)

    class Meta:
        verbose_name = "calendrier du projet"

    def __str__(self) -> str:
        return self.name


class GroupCalendar(models.Model):
    """A group that joined later: its year 1 starts `offset_years` after the project's."""

    group = models.OneToOneField("accounts.TerritorialGroup", on_delete=models.CASCADE,
                                 related_name="project_calendar")
    offset_years = models.PositiveSmallIntegerField("décalage (années)", default=0)

    class Meta:
        verbose_name = "calendrier d'un groupe"

    def __str__(self) -> str:
        return f"{self.group} (+{self.offset_years} an)"



class Person(models.Model):
    """Someone who came to (or was invited to) the group's sessions: a member (with an
    account) or a guest. Erased people keep their key and lose everything else."""

    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="people", verbose_name="groupe")
    key = models.CharField(max_length=16, default=person_key, unique=True, editable=False)
    name = models.CharField("nom", max_length=200, blank=True)
    structure = models.CharField("structure", max_length=300, blank=True)
    mission = models.CharField("mission", max_length=300, blank=True)
    email = models.EmailField("courriel", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="session_people",
                             verbose_name="compte")
    erased_at = models.DateTimeField("effacée le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "personne"
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["group", "user"], condition=models.Q(user__isnull=False),
            name="person_unique_user_per_group")]

    def __str__(self) -> str:
        return self.name or "Personne effacée"


class WorkSession(models.Model):
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="work_sessions", verbose_name="groupe")
    title = models.CharField("intitulé", max_length=300)
    type = models.CharField("type", max_length=30, choices=SessionType.choices,
                            default=SessionType.WORK)
    date = models.DateField("date")
    start_time = models.TimeField("heure de début", null=True, blank=True)
    duration_hours = models.DecimalField("durée (heures)", max_digits=5, decimal_places=2,
                                         default=2)
    place = models.CharField("lieu", max_length=300, blank=True)
    agenda = models.TextField("ordre du jour (Markdown)", blank=True)
    minutes = models.TextField("compte rendu (Markdown)", blank=True)
    decisions = models.TextField("décisions (Markdown)", blank=True)
    action = models.ForeignKey("actions.Action", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="sessions",
                               verbose_name="action liée")
    invited = models.ManyToManyField(Person, blank=True, related_name="invitations",
                                     verbose_name="personnes invitées")
    attendance_recorded = models.BooleanField("présences saisies", default=False)
    is_example = models.BooleanField("exemple", default=False)
    uid = models.CharField(max_length=40, default=person_key, editable=False)  # iCal UID
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["-date", "-start_time", "title"]
        indexes = [models.Index(fields=["group", "date"], name="worksession_group_date")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:session_detail", args=[self.group.slug, self.pk])


class Attendance(models.Model):
    """Who came: one row per named person, or one row counting inhabitants without names.

    `hours` is the person's time (the session's duration unless they left early); the
    person-hours of the row are `count × hours`.
    """

    session = models.ForeignKey(WorkSession, on_delete=models.CASCADE,
                                related_name="attendances")
    kind = models.CharField("qui", max_length=10, choices=AttendeeKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="attendances")
    person_key = models.CharField(max_length=16, blank=True, db_index=True)
    structure = models.CharField("structure (ce jour-là)", max_length=300, blank=True)
    mission = models.CharField("mission (ce jour-là)", max_length=300, blank=True)
    count = models.PositiveIntegerField("nombre", default=1)
    hours = models.DecimalField("heures", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "présence"
        ordering = ["session", "kind", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["session", "person_key"], condition=~models.Q(person_key=""),
            name="attendance_unique_person_per_session")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.count}"



class CalendarFeed(models.Model):
    """The secret address of a member's iCal subscription to the group's sessions (hashed)."""

    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"],
                                               name="calendar_feed_unique")]

    def __str__(self) -> str:
        return f"Agenda de {self.group} pour {self.user}"



class Interview(models.Model):
    """A semi-directive interview: the register shows date, kind of person, structure and
    interviewer to the group; the notes only to the interviewer and the facilitators."""

    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="interviews", verbose_name="groupe")
    date = models.DateField("date")
    person_kind = models.CharField("personne interrogée", max_length=20,
                                   choices=PersonKind.choices)
    structure = models.CharField("structure", max_length=300, blank=True)
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="qui a mené l'entretien")
    topic = models.CharField("thème", max_length=300, blank=True)
    notes = models.TextField("notes (Markdown, accès restreint)", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "entretien"
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"Entretien du {self.date:%d/%m/%Y}"



class Target(models.Model):
    """A target of a group (or of the whole instance when `group` is empty), for one project
    year (or the whole project when `year` is empty), in any unit."""

    group = models.ForeignKey("accounts.TerritorialGroup", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="targets",
                              verbose_name="groupe")
    year = models.PositiveSmallIntegerField("année du projet", null=True, blank=True)
    label = models.CharField("objectif", max_length=300)
    unit = models.CharField("unité", max_length=60)
    value = models.DecimalField("cible", max_digits=12, decimal_places=2)
    metric = models.CharField("comment compter la réalisation", max_length=30,
                              choices=Metric.choices, default=Metric.TYPED)
    session_type = models.CharField("seulement les séances de type", max_length=30,
                                    choices=SessionType.choices, blank=True)
    holder = models.ForeignKey("catalog.DataHolder", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name="producteur des données")
    done_typed = models.DecimalField("réalisé (saisi)", max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    done_note = models.TextField("précisions sur la réalisation", blank=True)
    position = models.PositiveIntegerField(default=0)
    is_example = models.BooleanField("exemple", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "objectif"
        # The years' targets, then the whole project's (NULL last on every database).
        ordering = [models.F("year").asc(nulls_last=True), "position", "pk"]

    def __str__(self) -> str:
        return self.label


class SelfEvaluation(models.Model):
    """The yearly self-evaluation of a group: a campaign of the ready questionnaire."""

    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="self_evaluations")
    year = models.PositiveSmallIntegerField("année du projet")
    campaign = models.OneToOneField("surveys.Campaign", on_delete=models.CASCADE,
                                    related_name="self_evaluation")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "auto-évaluation"
        constraints = [models.UniqueConstraint(fields=["group", "year"],
                                               name="self_evaluation_unique_year")]

    def __str__(self) -> str:
        return f"Auto-évaluation {self.group}, année {self.year}"
