from django.conf import settings
from django.db import models
from django.urls import reverse

from terreau.catalog.choices import VariableKind

from .choices import Direction


class Indicator(models.Model):
    """A measure built by a formula over variables, e.g. taux(p18_chom1564, p18_act1564)."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    label = models.CharField("libellé", max_length=300)
    formula = models.TextField("formule")
    unit = models.CharField("unité", max_length=50, blank=True)
    decimals = models.PositiveSmallIntegerField("décimales", default=1)
    kind = models.CharField("nature", max_length=20, choices=VariableKind.choices,
                            default=VariableKind.RATE)
    direction = models.CharField("sens", max_length=20, choices=Direction.choices,
                                 default=Direction.NEUTRAL)
    definition = models.TextField("définition", blank=True)
    variables = models.ManyToManyField("catalog.Variable", blank=True,
                                       related_name="indicators",
                                       verbose_name="variables utilisées")
    owner_group = models.ForeignKey("accounts.TerritorialGroup", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="indicators",
                                    verbose_name="groupe")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "indicateur"
        ordering = ["label"]
        permissions = [("manage_indicators", "Créer et modifier des indicateurs")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator", args=[self.slug])
