from django.conf import settings
from django.db import models

from .choices import AuditAction, AuditTarget

# How the keys of `AuditEvent.details` read on the journal page, in this order (PostgreSQL's
# jsonb does not keep the order in which keys were written).
DETAIL_LABELS = {"via": "par", "format": "format", "version": "version", "level": "niveau",
                 "within": "territoire", "period": "période", "rows": "lignes",
                 "file": "fichier"}


class AuditEventImmutable(Exception):
    """Raised on an attempt to change or delete an audit event."""


class AuditEvent(models.Model):
    """One export or one reading of restricted data: who, what, when, from where.

    Append-only: events are written by `core.audit.audit_record` and never changed; deleting
    a user keeps their events (`actor` keeps the name).
    """

    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="audit_events",
                             verbose_name="compte")
    actor = models.CharField("qui", max_length=150,
                             help_text="Identifiant du compte, ou utilisateur système de la "
                                       "ligne de commande.")
    action = models.CharField("action", max_length=30, choices=AuditAction.choices)
    target_type = models.CharField("type d'objet", max_length=30, choices=AuditTarget.choices)
    target_id = models.CharField("identifiant de l'objet", max_length=200)
    target_label = models.CharField("objet", max_length=300)
    details = models.JSONField("détails", default=dict, blank=True)
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)

    class Meta:
        verbose_name = "événement du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.target_label} ({self.actor})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEventImmutable("Un événement du journal d'audit ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventImmutable("Un événement du journal d'audit ne se supprime pas.")

    def details_text(self) -> str:
        """Return the details as one French line, e.g. "format : csv · lignes : 12"."""
        order = {key: i for i, key in enumerate(DETAIL_LABELS)}
        keys = sorted(self.details, key=lambda key: (order.get(key, len(order)), key))
        return " · ".join(f"{DETAIL_LABELS.get(key, key)} : {self.details[key]}" for key in keys)
