"""Notifications of the scenarios: a mention, a reply, a hypothesis's status change.

Each one is kept in the app (the "Notifications" page, the count in the navigation) and sent
by e-mail through Django's mailer (settings.MAILERS, TERREAU_EMAIL_BACKEND) when the recipient
has an address. The e-mail carries an absolute link made with TERREAU_SITE_URL.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.utils import timezone

from .models import Comment, Notification, Scenario

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Terreau] "


def absolute_url(path: str) -> str:
    """The link of a page of this site, for an e-mail (TERREAU_SITE_URL + path)."""
    return settings.TERREAU_SITE_URL.rstrip("/") + path


def person_name(user) -> str:
    if user is None:
        return "Quelqu'un"
    return user.get_full_name() or user.get_username()


def _email_body(notification: Notification, excerpt: str) -> str:
    lines = [f"Bonjour {person_name(notification.recipient)},", "", notification.text + "."]
    if excerpt:
        lines += ["", f"« {excerpt} »"]
    lines += ["", f"Pour lire la suite : {absolute_url(notification.url)}", "",
              "— Terreau (vous recevez ce message parce que vous êtes membre d'un groupe "
              "qui travaille sur ce scénario)"]
    return "\n".join(lines)


def _send_email(notification: Notification, excerpt: str) -> bool:
    address = notification.recipient.email
    if not address:
        return False
    message = EmailMessage(subject=SUBJECT_PREFIX + notification.text,
                           body=_email_body(notification, excerpt), to=[address])
    try:
        message.send()
    except Exception:  # an unreachable mail server must not lose the comment or the status
        logger.exception("E-mail de notification non envoyé à %s", address)
        return False
    return True


def notify(*, recipient, kind: str, scenario: Scenario, actor=None, text: str, url: str,
           comment: Comment | None = None, excerpt: str = "") -> Notification | None:
    """Tell `recipient` (in the app and by e-mail). Nobody is told of their own action."""
    if recipient is None or (actor is not None and recipient.pk == actor.pk):
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, scenario=scenario, comment=comment, actor=actor,
        text=text[:300], url=url[:500])
    if _send_email(notification, excerpt):
        notification.emailed = True
        notification.save(update_fields=["emailed"])
    return notification


# ---- Reading ------------------------------------------------------------------------------


def notifications_list(user, limit: int = 100) -> QuerySet[Notification]:
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return (Notification.objects.filter(recipient=user)
            .select_related("actor", "scenario")[:limit])


def notifications_unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notification_get(user, pk: int) -> Notification | None:
    """The user's own notification (another's is None: a 404)."""
    if user is None or not user.is_authenticated:
        return None
    return Notification.objects.filter(recipient=user, pk=pk).first()


def mark_read(user, ids=None) -> int:
    """Mark the user's notifications read: those of `ids`, or all of them (ids=None)."""
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
