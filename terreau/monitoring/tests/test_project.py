"""The whole project's page: everyone signed in reads counts; instance admins set the
calendar, the groups' offsets and see the links to the instance's targets."""

from datetime import date

import pytest
from django.urls import reverse

from terreau.monitoring.choices import Metric
from terreau.monitoring.models import GroupCalendar, ProjectCalendar
from terreau.monitoring.targets import target_create

from . import targets_setup
from .factories import session_make

on_day = targets_setup.on_day  # the fixture, shared

pytestmark = pytest.mark.django_db
PROJECT = "/suivi/projet/"


def test_url_name():
    assert reverse("monitoring:project") == PROJECT


def test_everyone_signed_in_reads_counts_only(client, group, other_group, people, camille,
                                              ada, on_day):
    session_make(group, date(2025, 5, 1), hours=3, people=[people["fanny"]], inhabitants=2)
    target_create(group=None, by=ada, label="Vingt séances en tout", unit="séances", value=20,
                  metric=Metric.SESSIONS, year=1)
    client.force_login(camille)
    page = client.get(PROJECT).content.decode()
    assert "Vingt séances en tout" in page and "1 sur 20 séances (5 %)" in page
    assert "<th scope=\"row\">Tours — insertion</th>" in page
    assert "Fanny Martin" not in page
    assert "Calendrier du projet" not in page and "/suivi/projet/objectifs/" not in page
    assert client.post(PROJECT, {"formulaire": "calendrier", "first_day": "2024-01-01",
                                 "years": "2", "hours_per_day": "7"}).status_code == 403
    assert ProjectCalendar.objects.get().first_day == date(2025, 4, 1)


def test_admins_set_the_calendar(client, group, ada, on_day):
    client.force_login(ada)
    page = client.get(PROJECT).content.decode()
    assert "Calendrier du projet" in page and "Ajouter un objectif du projet" in page
    response = client.post(PROJECT, {"formulaire": "calendrier", "first_day": "2025-09-01",
                                     "years": "4", "hours_per_day": "7,5"})
    assert response.status_code == 302
    calendar = ProjectCalendar.objects.get()
    assert (calendar.first_day, calendar.years, float(calendar.hours_per_day)) == (
        date(2025, 9, 1), 4, 7.5)


def test_bad_calendar_settings_are_refused(client, group, ada, fanny):
    target_create(group=group, by=fanny, label="Séances", unit="séances", value=3,
                  metric=Metric.SESSIONS, year=3)
    client.force_login(ada)
    page = client.post(PROJECT, {"formulaire": "calendrier", "first_day": "2025-04-01",
                                 "years": "2", "hours_per_day": "7"}).content.decode()
    assert "1 objectif(s) portent sur une année au-delà de l&#x27;année 2" in page
    page = client.post(PROJECT, {"formulaire": "calendrier", "first_day": "2025-04-01",
                                 "years": "3", "hours_per_day": "30"}).content.decode()
    assert "au plus 24 heures" in page
    assert ProjectCalendar.objects.get().years == 3


def test_a_groups_offset_shifts_its_years_on_the_dashboard(client, group, other_group, ada,
                                                           fanny, people, on_day):
    session_make(group, date(2025, 5, 1), people=[people["fanny"]])
    client.force_login(ada)
    response = client.post(PROJECT, {"formulaire": "decalages",
                                     f"decalage_{group.pk}": "1",
                                     f"decalage_{other_group.pk}": "0"})
    assert response.status_code == 302
    assert GroupCalendar.objects.get(group=group).offset_years == 1
    client.force_login(fanny)
    page = client.get(reverse("monitoring:dashboard", args=[group.slug])).content.decode()
    assert "Année 1 (2026-2027)" in page and "Année 3 (2028-2029)" in page
    assert "Année 1 (2025-2026)" not in page
    assert "commencé 1 an après le projet" in page
    # Its year 1 has not begun on 31 December 2025: the figures are of that year, empty.
    assert "<strong>0</strong> séance" in page


def test_offsets_are_checked(client, group, other_group, ada):
    client.force_login(ada)
    page = client.post(PROJECT, {"formulaire": "decalages", f"decalage_{group.pk}": "-1",
                                 f"decalage_{other_group.pk}": "x"}).content.decode()
    assert "0 au moins." in page and "Nombre entier attendu." in page
    assert not GroupCalendar.objects.exists()
