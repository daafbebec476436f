from django.db import models

from ..choices import DataStatus


class InventoryItem(models.Model):
    """A piece of data a group needs for one of its questions, and where it stands."""

    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="inventory")
    question = models.CharField("question ou indicateur souhaité", max_length=300)
    data_needed = models.CharField("donnée nécessaire", max_length=300)
    status = models.CharField("statut", max_length=20, choices=DataStatus.choices,
                              default=DataStatus.MISSING)
    holder = models.ForeignKey("catalog.DataHolder", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="inventory_items",
                               verbose_name="détenteur")
    contact = models.CharField("contact", max_length=200, blank=True)
    next_action = models.CharField("prochaine action", max_length=300, blank=True)
    dataset = models.ForeignKey("catalog.Dataset", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="inventory_items",
                                verbose_name="jeu de données")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "donnée de l'inventaire"
        ordering = ["group", "question", "data_needed"]

    def __str__(self) -> str:
        return f"{self.question} — {self.data_needed}"
