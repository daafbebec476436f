"""The audit log's one writer: every export and every reading of restricted data.

DESIGN.md, "Privacy and trust": exports and access to restricted data are written to an
audit log. Apps call `audit_record` once where the file leaves or the data is shown; events
are never changed afterwards (see `AuditEvent`).
"""

import getpass
import ipaddress

from .models import AuditEvent

COMMAND_LINE = "ligne de commande"


def command_line_actor() -> str:
    """Name whoever runs a `terreau` command: the system user, e.g. "marie (ligne de commande)"."""
    try:
        return f"{getpass.getuser()} ({COMMAND_LINE})"
    except (OSError, KeyError):  # no login name in the environment nor in the password file
        return COMMAND_LINE


def _client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client unless a trusted proxy
    # rewrites it, and waitress's trusted_proxy settings already set REMOTE_ADDR then.
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_record(*, action: str, target_type: str, target_id: str, target_label: str,
                 user=None, actor: str = "", details: dict | None = None,
                 request=None) -> AuditEvent:
    """Write one audit event; from a request, take the signed-in user and the client's IP.

    Details without a value (None, "") are left out.
    """
    ip = None
    if request is not None:
        ip = _client_ip(request)
        if user is None and request.user.is_authenticated:
            user = request.user
    event = AuditEvent(action=action, target_type=target_type, target_id=str(target_id),
                       target_label=target_label[:300], user=user,
                       actor=actor or (user.get_username() if user else ""),
                       details={key: value for key, value in (details or {}).items()
                                if value not in (None, "")}, ip=ip)
    # The user comes from the session or the caller: skip the query that checks it exists.
    event.full_clean(exclude=["user"])
    event.save()
    return event
