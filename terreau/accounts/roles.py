"""Roles in a territorial group and what each one may do."""

from django.db import models


class Role(models.TextChoices):
    MEMBER = "member", "Membre"
    FACILITATOR = "facilitator", "Animateur·rice"
    STEWARD = "steward", "Structuration des données"
    ADMIN = "admin", "Administrateur·rice"


# Django permissions ("app_label.codename") granted by each role, cumulative upwards.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.MEMBER: frozenset(),
    Role.FACILITATOR: frozenset({"accounts.manage_group", "indicators.manage_indicators",
                                "surveys.manage_surveys"}),
    Role.STEWARD: frozenset({"territory.import_zones", "catalog.import_data",
                             "indicators.manage_indicators"}),
}
ROLE_PERMISSIONS[Role.ADMIN] = frozenset().union(*ROLE_PERMISSIONS.values()) | {
    "accounts.administer_instance"
}
