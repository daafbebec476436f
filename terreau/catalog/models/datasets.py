import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..choices import Sensitivity, VariableKind


class DatasetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DatasetQuerySet":
        """Keep the datasets `user` may see: the one rule behind pages, API and exports.

        Open data is visible to everyone; shared data to every signed-in member of a group;
        group data to its group's members; restricted data to its named stewards only.
        """
        if user is None or not user.is_authenticated:
            return self.filter(sensitivity=Sensitivity.OPEN)
        if user.is_superuser:
            return self
        rule = Q(sensitivity=Sensitivity.OPEN) | Q(sensitivity=Sensitivity.RESTRICTED,
                                                  stewards=user)
        if user.memberships.exists():
            rule |= Q(sensitivity=Sensitivity.SHARED)
            rule |= Q(sensitivity=Sensitivity.GROUP, owner_group__memberships__user=user)
        return self.filter(rule).distinct()

    def publishable(self) -> "DatasetQuerySet":
        """Keep what may leave the instance (exports, public pages, federation)."""
        return self.filter(sensitivity=Sensitivity.OPEN)


class Dataset(models.Model):
    """A table of statistics from one producer, with its metadata sheet and its versions."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=300)
    description = models.TextField("description", blank=True)
    holder = models.ForeignKey("catalog.DataHolder", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="datasets",
                               verbose_name="producteur / détenteur")
    source_url = models.URLField("lien vers la source", max_length=500, blank=True)
    licence = models.CharField("licence", max_length=200, blank=True)
    vintage = models.CharField("millésime", max_length=50, blank=True)
    method_notes = models.TextField("notes de méthode", blank=True)
    level = models.CharField("niveau des zones", max_length=20)
    owner_group = models.ForeignKey("accounts.TerritorialGroup", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="datasets",
                                    verbose_name="groupe propriétaire")
    sensitivity = models.CharField("sensibilité", max_length=20, choices=Sensitivity.choices,
                                   default=Sensitivity.SHARED)
    stewards = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                      related_name="stewarded_datasets",
                                      verbose_name="référent·es (données restreintes)")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = "jeu de données"
        verbose_name_plural = "jeux de données"
        ordering = ["title"]
        permissions = [("import_data", "Importer des données statistiques")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:dataset", args=[self.slug])

    def current_version(self) -> "DatasetVersion | None":
        return self.versions.order_by("-number").first()


class DatasetVersion(models.Model):
    """One immutable import of a dataset. Values live in `Series`, aligned on `zone_ids`.

    Values are stored column by column as numpy arrays (not one row per value): an INSEE
    table of 35,000 communes × 50 columns is 50 rows here instead of 1.75 million.
    """

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    source_filename = models.CharField("fichier", max_length=300)
    source_sha256 = models.CharField(max_length=64)
    geography_vintage = models.PositiveSmallIntegerField("millésime des codes", null=True,
                                                         blank=True)
    zone_ids = models.BinaryField("zones (int64)")
    row_count = models.PositiveIntegerField(default=0)
    report = models.JSONField("rapport de validation", default=dict, blank=True)
    changes = models.JSONField("changements depuis la version précédente", default=dict,
                               blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version de jeu de données"
        ordering = ["dataset", "-number"]
        constraints = [models.UniqueConstraint(fields=["dataset", "number"],
                                               name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.dataset} v{self.number}"

    def zone_id_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.zone_ids), dtype=np.int64)


class Variable(models.Model):
    """A column of a dataset: what it measures, its unit and how it aggregates."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="variables")
    slug = models.SlugField("nom dans les formules", max_length=80)
    column = models.CharField("colonne du fichier", max_length=200)
    label = models.CharField("libellé", max_length=300)
    unit = models.CharField("unité", max_length=50, blank=True)
    kind = models.CharField("nature", max_length=20, choices=VariableKind.choices,
                            default=VariableKind.COUNT)
    description = models.TextField("définition", blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "variable"
        ordering = ["dataset", "position"]
        constraints = [models.UniqueConstraint(fields=["dataset", "slug"],
                                               name="variable_unique_slug")]

    def __str__(self) -> str:
        return f"{self.label} ({self.slug})"

    @property
    def qualified_slug(self) -> str:
        return f"{self.dataset.slug}.{self.slug}"


class Series(models.Model):
    """The values of one variable for one period in one version, aligned on its zones.

    `values` holds float64 (NaN where there is no value); `reasons` holds one
    `MissingReason` code (uint8) per zone, so a secret cell is never read as 0.
    """

    version = models.ForeignKey(DatasetVersion, on_delete=models.CASCADE,
                                related_name="series")
    variable = models.ForeignKey(Variable, on_delete=models.CASCADE, related_name="series")
    period = models.CharField("période", max_length=20)
    values = models.BinaryField()
    reasons = models.BinaryField()

    class Meta:
        verbose_name = "série"
        constraints = [models.UniqueConstraint(fields=["version", "variable", "period"],
                                               name="series_unique")]

    def __str__(self) -> str:
        return f"{self.variable} {self.period} ({self.version})"

    def value_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.values), dtype=np.float64)

    def reason_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.reasons), dtype=np.uint8)
