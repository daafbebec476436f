"""The calendar feed: parsed back with icalendar; secret key (hashed), renewal, no names,
reachable without signing in, and only for members of the group."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from terreau.accounts.models import Membership
from terreau.monitoring.choices import SessionType
from terreau.monitoring.ical import feed_token_renew
from terreau.monitoring.models import CalendarFeed

from .factories import session_make

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def sessions(group, people):
    timed = session_make(group, date(2025, 10, 7), title="Atelier diagnostic", hours=2.5,
                         type=SessionType.TRAINING, people=[people["fanny"]],
                         guests=[people["lea"]])
    timed.start_time, timed.place = time(14, 30), "Centre social Pluriel"
    timed.agenda = "- Les **chiffres** du quartier"
    timed.save()
    whole_day = session_make(group, date(2025, 11, 20), title="Journée d'enquête",
                             type=SessionType.SURVEY_DAY)
    return timed, whole_day


def feed_url(group, token):
    return reverse("monitoring:calendar_feed", args=[group.slug]) + f"?cle={token}"


def test_the_feed_parses_back_with_its_sessions_and_no_names(client, group, mehdi, sessions):
    token = feed_token_renew(group, mehdi)
    response = client.get(feed_url(group, token))  # not signed in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    for name in ("Fanny", "Léa", "Durand", "mehdi", "CCAS"):
        assert name not in text
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Atelier diagnostic", "Journée d'enquête"}
    timed = events["Atelier diagnostic"]
    start = timed.decoded("dtstart")
    assert start == datetime(2025, 10, 7, 14, 30, tzinfo=PARIS)
    assert timed.decoded("dtend") - start == timedelta(hours=2.5)
    assert str(timed["location"]) == "Centre social Pluriel"
    assert "Formation" in str(timed["description"])
    assert "Les **chiffres** du quartier" in str(timed["description"])
    timed_session = sessions[0]
    assert str(timed["url"]) == "http://testserver" + timed_session.get_absolute_url()
    assert str(timed["uid"]) == f"{timed_session.uid}@terreau"
    whole = events["Journée d'enquête"]
    assert whole.decoded("dtstart") == date(2025, 11, 20)
    assert calendar.walk("VTIMEZONE")  # the times carry their zone


def test_only_the_hash_is_stored_and_renewing_stops_the_old_key(client, group, mehdi,
                                                                sessions):
    old = feed_token_renew(group, mehdi)
    feed = CalendarFeed.objects.get()
    assert old not in feed.token_hash and len(feed.token_hash) == 64
    new = feed_token_renew(group, mehdi)
    assert CalendarFeed.objects.count() == 1
    assert client.get(feed_url(group, old)).status_code == 404
    assert client.get(feed_url(group, new)).status_code == 200
    assert client.get(feed_url(group, "")).status_code == 404
    assert client.get(reverse("monitoring:calendar_feed", args=["vierzon-sante"])
                      + f"?cle={new}").status_code == 404


def test_a_member_who_leaves_the_group_loses_the_feed(client, group, mehdi, sessions):
    token = feed_token_renew(group, mehdi)
    Membership.objects.filter(user=mehdi, group=group).delete()
    assert client.get(feed_url(group, token)).status_code == 404


def test_the_subscribe_page_shows_and_renews_the_address(client, group, mehdi, olga):
    client.force_login(mehdi)
    url = reverse("monitoring:calendar_subscribe", args=[group.slug])
    assert "Obtenir mon adresse" in client.get(url).content.decode()
    page = client.post(url).content.decode()
    assert "webcal://testserver/suivi/groupes/tours-insertion/agenda.ics?cle=" in page
    assert "http://testserver/suivi/groupes/tours-insertion/agenda.ics?cle=" in page
    first = page.split("?cle=")[1].split('"')[0]
    assert client.get(feed_url(group, first)).status_code == 200
    page = client.get(url).content.decode()
    assert "?cle=" not in page and "Obtenir une nouvelle adresse" in page
    page = client.post(url, {"action": "renouveler"}).content.decode()
    assert "l'ancienne ne marche plus" in page
    assert client.get(feed_url(group, first)).status_code == 404
    client.force_login(olga)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
