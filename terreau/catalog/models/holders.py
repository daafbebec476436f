from django.db import models
from django.urls import reverse

from ..choices import HolderKind, RequestStatus


class DataHolder(models.Model):
    """Who produces or holds data: INSEE, a town hall, a health insurer, a partner."""

    name = models.CharField("nom", max_length=300)
    kind = models.CharField("type", max_length=30, choices=HolderKind.choices,
                            default=HolderKind.OTHER)
    contact_name = models.CharField("contact", max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=50, blank=True)
    website = models.URLField("site web", max_length=500, blank=True)
    terms_of_use = models.TextField("conditions d'utilisation / convention de partage",
                                    blank=True)
    licence = models.CharField("licence", max_length=200, blank=True)
    notes = models.TextField("notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "détenteur de données"
        verbose_name_plural = "détenteurs de données"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:holder", args=[self.pk])


class HolderRequest(models.Model):
    """A request for data made by a group to a holder, and the answer."""

    holder = models.ForeignKey(DataHolder, on_delete=models.CASCADE, related_name="requests")
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="data_requests")
    subject = models.CharField("objet de la demande", max_length=300)
    sent_on = models.DateField("envoyée le")
    status = models.CharField("statut", max_length=20, choices=RequestStatus.choices,
                              default=RequestStatus.SENT)
    answered_on = models.DateField("réponse le", null=True, blank=True)
    answer = models.TextField("réponse", blank=True)

    class Meta:
        verbose_name = "demande de données"
        ordering = ["-sent_on"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.holder}"
