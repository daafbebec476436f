"""Questionnaires of participatory surveys, each an immutable series of versions.

A version holds the whole questionnaire as a definition (definition.py: questions, groups,
choice lists, labels per language, relevance and constraints as XLSForm expressions), so
that answers always keep the exact version they were given with. Changing a questionnaire
that has answers writes a new version; the old one stays readable.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Questionnaire(models.Model):
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="questionnaires", verbose_name="groupe")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "questionnaire"
        ordering = ["title", "pk"]
        permissions = [("manage_surveys", "Concevoir des questionnaires et des campagnes")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:questionnaire", args=[self.slug])

    def latest_version(self) -> "QuestionnaireVersion | None":
        return self.versions.order_by("-number").first()


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="versions")
    number = models.PositiveIntegerField("version")
    definition = models.JSONField("définition")  # definition.py's dict, as written
    source_name = models.CharField("fichier d'origine", max_length=255, blank=True)
    note = models.CharField("ce qui change", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version de questionnaire"
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"],
                                    name="questionnaire_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} — version {self.number}"


class Campaign(models.Model):
    """A collection campaign: who collects, when, where, and what respondents are told first."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="campaigns", verbose_name="questionnaire")
    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin", null=True, blank=True)
    within = models.CharField("territoire (valeur de « dans »)", max_length=40, blank=True)
    zone_level = models.CharField("niveau des zones proposées", max_length=20, blank=True)
    collectors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                        related_name="survey_campaigns",
                                        verbose_name="enquêteur·rices")
    # A public link (self-administration) exists when the token is set; None: collectors only.
    public_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    # What the respondent reads before the first question (consent screen).
    collected_by = models.CharField("qui recueille les réponses", max_length=300)
    purpose = models.TextField("pourquoi")
    publication = models.TextField(
        "ce qui sera publié",
        default="Seulement des nombres de réponses par quartier, sans aucun nom, et jamais "
                "quand il y a moins de 11 réponses dans un quartier.")
    retention = models.CharField("durée de conservation", max_length=300,
                                 default="Les réponses sont effacées deux ans après la fin de "
                                         "l'enquête.")
    contact = models.CharField("contact pour toute question", max_length=300, blank=True)
    # Answers of people who answer about themselves among people who know each other (a
    # group's self-evaluation): the answer keeps no link to who sent it.
    anonymous = models.BooleanField("réponses sans le nom de qui répond", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField("clôturée le", null=True, blank=True)

    class Meta:
        verbose_name = "campagne de collecte"
        verbose_name_plural = "campagnes de collecte"
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign", args=[self.slug])


class Submission(models.Model):
    """One respondent's answers, with the consent they gave and the version they answered.

    Personal data: readable only by the group's facilitators and stewards (queries.py),
    exported only to the audit log's knowledge. The receipt code itself is never stored,
    only its hash: whoever holds it may erase these answers.
    """

    class Source(models.TextChoices):
        WEB = "web", "Formulaire Terreau"
        IMPORT = "import", "Import (KoboToolbox, ODK)"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="submissions")
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT,
                                related_name="submissions")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="submissions")
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    zone = models.ForeignKey("territory.Zone", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    answers = models.JSONField("réponses")  # {question name: value}; repeats: lists of dicts
    complete = models.BooleanField("complète", default=True)
    consent = models.JSONField("consentement")  # what was shown and when it was accepted
    consent_at = models.DateTimeField("consentement donné le")
    receipt_hash = models.CharField(max_length=64, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    external_uuid = models.CharField("identifiant d'origine (_uuid)", max_length=100,
                                     blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WEB)
    collected_at = models.DateTimeField("recueillie le")  # on the device
    submitted_at = models.DateTimeField("reçue le", auto_now_add=True)

    class Meta:
        verbose_name = "réponse"
        ordering = ["-submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "external_uuid"],
                                    condition=~models.Q(external_uuid=""),
                                    name="submission_unique_external_uuid"),
        ]

    def __str__(self) -> str:
        return f"Réponse {self.pk} — {self.questionnaire}"
