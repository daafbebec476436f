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
