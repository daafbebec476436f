"""What the indicators write to the audit log (core.audit): their files, restricted data read."""

from terreau.catalog.choices import Sensitivity
from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget

from .models import Indicator
from .values import IndicatorValues


def indicator_export_record(*, indicator: Indicator, result: IndicatorValues, fmt: str,
                            rows: int, request=None, actor: str = "", file: str = "") -> None:
    """Record the download of an indicator's values (page or `terreau export-indicator`)."""
    details = {"format": fmt, "level": result.level, "within": result.within,
               "period": result.period, "rows": rows}
    if file:
        details["file"] = file
    audit_record(action=AuditAction.EXPORT, target_type=AuditTarget.INDICATOR,
                 target_id=indicator.slug, target_label=indicator.label, details=details,
                 request=request, actor=actor)


def indicator_access_record(*, request, indicator: Indicator, via: str = "page",
                            level: str = "", within: str = "", period: str | None = None,
                            restricted: bool | None = None) -> None:
    """Record that someone read an indicator computed from restricted data (else nothing).

    `restricted` says it when the caller knows already (else one query).
    """
    if restricted is None:
        restricted = indicator.variables.filter(
            dataset__sensitivity=Sensitivity.RESTRICTED).exists()
    if not restricted:
        return
    audit_record(action=AuditAction.RESTRICTED_ACCESS, target_type=AuditTarget.INDICATOR,
                 target_id=indicator.slug, target_label=indicator.label,
                 details={"via": via, "level": level, "within": within, "period": period},
                 request=request)
