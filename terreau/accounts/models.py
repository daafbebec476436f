from django.conf import settings
from django.db import models
from django.urls import reverse

from terreau.territory.choices import Level

from .roles import Role

WITHIN_PREFIX = "vecu"  # dans=vecu:<pk> names a group's territory (see territory/within.py)


class TerritorialGroup(models.Model):
    """A group of local actors working on one territory, e.g. "Tours — insertion"."""

    slug = models.SlugField("identifiant", unique=True)
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    zones = models.ManyToManyField("territory.Zone", blank=True, related_name="groups",
                                   verbose_name="territoire")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership",
                                     related_name="territorial_groups")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "groupe territorial"
        verbose_name_plural = "groupes territoriaux"
        ordering = ["name"]
        permissions = [
            ("manage_group", "Animer un groupe"),
            ("administer_instance", "Administrer l'instance"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:group", args=[self.slug])


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    group = models.ForeignKey(TerritorialGroup, on_delete=models.CASCADE,
                              related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "adhésion"
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.group} ({self.get_role_display()})"


class GroupTerritory(models.Model):
    """A territory a group drew itself (a "territoire vécu"): zones of one level it chose.

    E.g. the neighbourhoods a social centre serves, several communes around Vierzon. It is a
    choice wherever a territory is (`dans=vecu:<pk>`), for the members of its group only.
    `revision` grows at each change: cached layers and values are keyed with it.
    """

    group = models.ForeignKey(TerritorialGroup, on_delete=models.CASCADE,
                              related_name="territories", verbose_name="groupe")
    name = models.CharField("nom", max_length=120)
    slug = models.SlugField("identifiant", max_length=120)
    level = models.CharField("niveau des zones", max_length=20, choices=Level.choices)
    zones = models.ManyToManyField("territory.Zone", related_name="group_territories",
                                   verbose_name="zones")
    description = models.TextField("description", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="créé par")
    revision = models.PositiveIntegerField("révision", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "territoire vécu"
        verbose_name_plural = "territoires vécus"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="group_territory_unique_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.group})"

    def get_absolute_url(self) -> str:
        return reverse("accounts:territory", args=[self.group.slug, self.slug])

    @property
    def within_param(self) -> str:
        """The `dans` value that names it: "vecu:12"."""
        return f"{WITHIN_PREFIX}:{self.pk}"
