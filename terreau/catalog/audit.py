"""What the catalogue writes to the audit log (core.audit): its files, its restricted data."""

from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget

from .choices import Sensitivity


def dataset_export_record(*, dataset, version, fmt: str, rows: int, request=None,
                          actor: str = "", file: str = "") -> None:
    """Record the download of a version's values (page or `terreau export-data`)."""
    details = {"format": fmt, "version": version.number, "rows": rows}
    if file:
        details["file"] = file
    audit_record(action=AuditAction.EXPORT, target_type=AuditTarget.DATASET,
                 target_id=dataset.slug, target_label=dataset.title, details=details,
                 request=request, actor=actor)


def dataset_access_record(*, request, dataset, version=None, via: str = "page") -> None:
    """Record that someone read a restricted dataset; other sensitivities are not logged."""
    if dataset.sensitivity != Sensitivity.RESTRICTED:
        return
    audit_record(action=AuditAction.RESTRICTED_ACCESS, target_type=AuditTarget.DATASET,
                 target_id=dataset.slug, target_label=dataset.title,
                 details={"via": via, "version": version.number if version else None},
                 request=request)


def inventory_export_record(*, request, group, fmt: str, rows: int) -> None:
    """Record the download of a group's data inventory (holders' contacts included)."""
    audit_record(action=AuditAction.EXPORT, target_type=AuditTarget.INVENTORY,
                 target_id=group.slug, target_label=f"Inventaire des données de {group.name}",
                 details={"format": fmt, "rows": rows}, request=request)
