"""Saved analyses of a questionnaire's answers, their runs, the profiles' names, and the codes
given to open answers.

A saved analysis keeps its parameters; each run records the questionnaire version, the exact
set of answers used (their ids, in order) and the full results, so that a run can be read
again as it was and compared with the next one (reproducibility, issue 7).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .choices import RunStatus


class Analysis(models.Model):
    """Profiles of needs on a questionnaire: the questions chosen and the clustering asked for.

    `parameters` (see profiles.py, `PARAMETER_DEFAULTS`): {"active": [variable keys],
    "supplementary": [...], "ncp": 5, "profiles": null or K, "consolidation": true,
    "kk": "auto" | null | N, "rare": "group" | "keep", "stability": B, "filters": {...}}.
    """

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("notes", blank=True)
    questionnaire = models.ForeignKey("surveys.Questionnaire", on_delete=models.CASCADE,
                                      related_name="analyses", verbose_name="questionnaire")
    campaign = models.ForeignKey("surveys.Campaign", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="analyses",
                                 verbose_name="campagne (toutes si vide)")
    parameters = models.JSONField("paramètres", default=dict)
    # The dataset of profile counts per zone, once published to the atlas (publish.py).
    dataset = models.ForeignKey("catalog.Dataset", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name="données des profils dans l'atlas")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "analyse enregistrée"
        verbose_name_plural = "analyses enregistrées"
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:analysis", args=[self.slug])

    @property
    def group_id(self) -> int:
        return self.questionnaire.group_id

    def latest_run(self) -> "AnalysisRun | None":
        return self.runs.order_by("-number").first()

    def latest_done_run(self) -> "AnalysisRun | None":
        return self.runs.filter(status=RunStatus.DONE).order_by("-number").first()


class AnalysisRun(models.Model):
    """One run of a saved analysis: what went in (version, answers, parameters), what came out."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField("exécution")
    version = models.ForeignKey("surveys.QuestionnaireVersion", null=True,
                                on_delete=models.SET_NULL, related_name="+",
                                verbose_name="version du questionnaire")
    parameters = models.JSONField("paramètres utilisés", default=dict)
    submission_ids = models.JSONField("réponses utilisées", default=list)  # in row order
    answers_digest = models.CharField("empreinte des réponses", max_length=64, blank=True)
    respondents = models.PositiveIntegerField("personnes", default=0)
    results = models.JSONField("résultats", default=dict)  # profiles.py's result dict
    status = models.CharField(max_length=20, choices=RunStatus.choices,
                              default=RunStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    label = models.CharField("étape", max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "exécution d'une analyse"
        ordering = ["analysis", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"],
                                    name="analysis_run_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.analysis} — exécution {self.number}"


class ProfileName(models.Model):
    """The name the group gives a profile of a run (carried over to the next run's match)."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="names")
    number = models.PositiveSmallIntegerField("profil")  # 1..K, as in the results
    name = models.CharField("nom", max_length=120)
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    named_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "nom de profil"
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="profile_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class OpenCode(models.Model):
    """A code a facilitator gives to free-text answers of one question ("garde d'enfants")."""

    questionnaire = models.ForeignKey("surveys.Questionnaire", on_delete=models.CASCADE,
                                      related_name="open_codes")
    question = models.CharField("question (nom)", max_length=100)
    label = models.CharField("code", max_length=120)
    description = models.CharField("définition", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "code de réponse ouverte"
        verbose_name_plural = "codes de réponses ouvertes"
        ordering = ["questionnaire", "question", "label"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "question", "label"],
                                    name="open_code_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class CodeAssignment(models.Model):
    """An open answer carries a code (an answer may carry several)."""

    code = models.ForeignKey(OpenCode, on_delete=models.CASCADE, related_name="assignments")
    submission = models.ForeignKey("surveys.Submission", on_delete=models.CASCADE,
                                   related_name="codes")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "code donné à une réponse"
        constraints = [
            models.UniqueConstraint(fields=["code", "submission"],
                                    name="code_assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — réponse {self.submission_id}"
