from django.conf import settings
from django.db import models
from django.urls import reverse

from .roles import Role


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
