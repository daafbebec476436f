from django.conf import settings
from django.db import models
from django.urls import reverse

from .choices import ImportStatus, Level


class ZoneQuerySet(models.QuerySet):
    def of_level(self, level: str) -> "ZoneQuerySet":
        return self.filter(level=level)

    def with_contours(self) -> "ZoneQuerySet":
        return self.exclude(geometry=None)


class Zone(models.Model):
    """A territorial unit (commune, IRIS...) with its INSEE code and, when loaded, its contour.

    `geometry` is the contour as imported (WKB, WGS84); `display` is a simplified GeoJSON
    geometry made for maps, that keeps the borders shared with the neighbouring zones.
    """

    level = models.CharField("niveau", max_length=20, choices=Level.choices)
    code = models.CharField("code", max_length=20)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name="zone parente",
    )
    vintage = models.PositiveSmallIntegerField("millésime de la géographie", null=True, blank=True)
    geometry = models.BinaryField("contour (WKB, WGS84)", null=True, blank=True)
    display = models.TextField("contour simplifié (GeoJSON)", blank=True)
    area_km2 = models.FloatField("superficie (km²)", null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    derived_from = models.JSONField("issue de la fusion de", default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = "zone"
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="zone_unique_level_code")
        ]
        indexes = [models.Index(fields=["level", "search_name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("territory:zone", args=[self.level, self.code])

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        if self.min_lon is None:
            return None
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)

    def ancestors(self) -> list["Zone"]:
        """Return the parents of this zone, nearest first (commune → département → région)."""
        chain, zone, seen = [], self.parent, {self.pk}
        while zone is not None and zone.pk not in seen:
            chain.append(zone)
            seen.add(zone.pk)
            zone = zone.parent
        return chain


class ZoneAlias(models.Model):
    """A code of another geography vintage that now belongs to a zone.

    Loaded from INSEE's COG tables: communes déléguées or associées of a commune nouvelle,
    arrondissements municipaux, codes of merged communes. Imports use it to attach values
    coded in an older or newer vintage to the right zone, and say so.
    """

    class Kind(models.TextChoices):
        DELEGATED = "COMD", "Commune déléguée"
        ASSOCIATED = "COMA", "Commune associée"
        DISTRICT = "ARM", "Arrondissement municipal"
        MERGED = "merged", "Commune fusionnée"

    level = models.CharField(max_length=20, choices=Level.choices, default=Level.COMMUNE)
    code = models.CharField("ancien code", max_length=20, db_index=True)
    name = models.CharField("nom", max_length=200, blank=True)
    target_code = models.CharField("code de la zone actuelle", max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    vintage = models.PositiveSmallIntegerField("millésime du COG")

    class Meta:
        verbose_name = "ancien code"
        constraints = [models.UniqueConstraint(fields=["level", "code", "target_code", "vintage"],
                                               name="alias_unique")]

    def __str__(self) -> str:
        return f"{self.code} → {self.target_code} ({self.get_kind_display()}, COG {self.vintage})"


class ZoneLayerCache(models.Model):
    """The gzipped GeoJSON of a map layer, built once and served to every process."""

    level = models.CharField(max_length=20, choices=Level.choices)
    within = models.CharField(max_length=20, blank=True)
    content_gz = models.BinaryField()
    etag = models.CharField(max_length=64)
    feature_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "within"], name="layer_unique_level_within")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.within or 'tout'} ({self.feature_count} zones)"


class ZoneImport(models.Model):
    """One import of zones from a file: its options, its progress and its report."""

    file = models.FileField(upload_to="imports/zones/%Y/%m/")
    original_name = models.CharField(max_length=300)
    level = models.CharField("niveau", max_length=20, choices=Level.choices)
    code_field = models.CharField("champ du code", max_length=100, blank=True)
    name_field = models.CharField("champ du nom", max_length=100, blank=True)
    crs = models.CharField("système de coordonnées", max_length=50, blank=True)
    vintage = models.PositiveSmallIntegerField("millésime", null=True, blank=True)
    status = models.CharField(max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_label = models.CharField(max_length=200, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import de zones"
        ordering = ["-created_at"]
        permissions = [("import_zones", "Importer des zones")]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.get_level_display()}"
