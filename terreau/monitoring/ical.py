"""The group's sessions as an iCal feed, and the members' secret subscription addresses.

A calendar application cannot sign in: the feed's address carries a secret key (`?cle=`).
As for the directory's secret update links (directory.records_review), only the key's
sha256 is stored: the address is shown when it is made, and renewing it makes the old one
stop working. The feed holds no names: title, type, date and time, place, agenda, the
session's page.
"""

import hmac
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from icalendar import Calendar, Event

from terreau.core.numbers import number_text
from terreau.directory.records_review import token_hash

from .models import CalendarFeed, WorkSession
from .queries import can_read

PRODUCT = "-//Terreau//Séances des groupes//FR"


def feed_token_renew(group, user) -> str:
    """A new secret key for `user`'s subscription to `group`'s sessions (returned once; the
    previous key stops working)."""
    if not can_read(user, group):
        raise PermissionError("Seuls les membres du groupe s'abonnent à son agenda.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(group=group, user=user).delete()
        CalendarFeed.objects.create(group=group, user=user, token_hash=token_hash(token))
    return token


def feed_of(group, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(group=group, user=user).first()


def feed_for_token(group, token: str) -> CalendarFeed | None:
    """The subscription this key opens, while its owner still reads the group (None
    otherwise: unknown, renewed, or the person left the group)."""
    if not token or len(token) > 100:
        return None
    wanted = token_hash(token)
    feed = (CalendarFeed.objects.select_related("user").filter(group=group, token_hash=wanted)
            .first())
    if feed is None or not hmac.compare_digest(feed.token_hash, wanted):
        return None
    if not feed.user.is_active or not can_read(feed.user, group):
        return None
    return feed



def _event(session: WorkSession, page_url: str, zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"{session.uid}@terreau")
    event.add("summary", session.title)
    event.add("categories", [session.get_type_display()])
    if session.start_time is not None:
        start = datetime.combine(session.date, session.start_time, tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=float(session.duration_hours)))
    else:  # no time given: a whole-day event
        event.add("dtstart", session.date)
        event.add("dtend", session.date + timedelta(days=1))
    if session.place:
        event.add("location", session.place)
    description = f"{session.get_type_display()} — durée : {number_text(session.duration_hours)} h"
    if session.agenda:
        description += "\n\nOrdre du jour :\n" + session.agenda
    event.add("description", description + f"\n\n{page_url}")
    event.add("url", page_url)
    event.add("dtstamp", session.updated_at)
    event.add("last-modified", session.updated_at)
    return event


def calendar_ical(group, page_url) -> bytes:
    """The group's sessions as an iCalendar file; `page_url(session)` is the absolute
    address of a session's page."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Séances — {group.name}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in WorkSession.objects.filter(group=group).order_by("date", "start_time", "pk"):
        calendar.add_component(_event(session, page_url(session), zone))
    calendar.add_missing_timezones()
    return calendar.to_ical()
