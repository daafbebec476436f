"""Opening hours (OpenStreetMap syntax) said in plain French, in Paris time."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from terreau.directory.hours import hours_check, hours_lines, hours_status, open_now

# A real string of the médiation numérique file, and the schema's own example.
REAL = "Mo-Fr 09:00-12:00,14:30-18:00; Sa 09:00-12:00"
SCHEMA_EXAMPLE = "Mo-Fr 08:30-12:30; PH off"
PARIS = ZoneInfo("Europe/Paris")
FRIDAY_10 = datetime.datetime(2024, 7, 12, 10, 0)


def test_valid_strings_have_no_problem():
    assert hours_check(REAL) is None
    assert hours_check(SCHEMA_EXAMPLE) is None
    assert hours_check("") is None and hours_check(None) is None


@pytest.mark.parametrize(("text", "says"), [
    ("Fr 09:00-12:00-17:00", "séparez les plages par une virgule"),
    ("Lu-Ve 9h-12h", "« 09:00-12:00 » et non « 9h-12h »"),
    ("24/24", "« 24/7 »"),
    ("le matin", "horaires illisibles"),
])
def test_malformed_hours_are_explained(text, says):
    message = hours_check(text)
    assert message.startswith("horaires illisibles")
    assert says in message
    assert "OpenStreetMap" in message


def test_real_files_hours(services_dir):
    """Every string of the real médiation numérique file reads or is explained (3 defects)."""
    path = (services_dir / "real" / "mediation-numerique"
            / "lieux-mediation-numerique-2023-02-centre-val-de-loire.json")
    strings = {place["horaires"] for place in json.loads(path.read_text())
               if place.get("horaires")}
    bad = {text: hours_check(text) for text in strings if hours_check(text)}
    assert len(bad) == 3
    assert all("12:00-17:00" in text or "13:00-14:00" in text or "12:00-13:30" in text
               for text in bad)
    assert all("caractère" in message for message in bad.values())


def test_open_now_at_a_fixed_time():
    assert open_now(REAL, FRIDAY_10) is True
    assert open_now(REAL, datetime.datetime(2024, 7, 12, 13, 0)) is False
    assert open_now(REAL, datetime.datetime(2024, 7, 12, 8, 0, tzinfo=datetime.UTC)) is True
    assert open_now("", FRIDAY_10) is None
    assert open_now("Fr 09:00-12:00-17:00", FRIDAY_10) is None


def test_public_holidays_are_french():
    may_day = datetime.datetime(2024, 5, 1, 10, 0)  # a Wednesday
    assert open_now(SCHEMA_EXAMPLE, may_day) is False
    assert hours_status(SCHEMA_EXAMPLE, may_day) == "Fermé (jour férié), ouvre demain à 8 h 30"
    assert open_now("Mo-Fr 08:30-12:30", may_day) is True


@pytest.mark.parametrize(("at", "status"), [
    (FRIDAY_10, "Ouvert maintenant, ferme à 12 h"),
    (datetime.datetime(2024, 7, 12, 16, 0, tzinfo=PARIS), "Ouvert maintenant, ferme à 18 h"),
    (datetime.datetime(2024, 7, 12, 12, 15), "Fermé, ouvre à 14 h 30"),
    (datetime.datetime(2024, 7, 12, 19, 0), "Fermé, ouvre demain à 9 h"),
    (datetime.datetime(2024, 7, 13, 13, 0), "Fermé, ouvre lundi à 9 h"),
])
def test_status_in_plain_french(at, status):
    assert hours_status(REAL, at) == status


def test_status_edge_cases():
    assert hours_status("", FRIDAY_10) == "Horaires non renseignés"
    assert hours_status("Fr 09:00-12:00-17:00", FRIDAY_10) == (
        "Horaires à vérifier auprès de la structure")
    assert hours_status("24/7", FRIDAY_10) == "Ouvert maintenant, tout le temps"
    assert hours_status("Tu 14:00-17:00", datetime.datetime(2024, 7, 16, 18, 0)) == (
        "Fermé, ouvre le mardi 23 juillet à 14 h")
    assert hours_status('Fr 09:00-12:00 unknown "sur rendez-vous"', FRIDAY_10) == (
        "Ouverture à vérifier (sur rendez-vous)")


def test_lines_per_day():
    assert hours_lines(REAL + "; PH off", FRIDAY_10) == [
        "Lundi : 9 h – 12 h, 14 h 30 – 18 h",
        "Mardi : 9 h – 12 h, 14 h 30 – 18 h",
        "Mercredi : 9 h – 12 h, 14 h 30 – 18 h",
        "Jeudi : 9 h – 12 h, 14 h 30 – 18 h",
        "Vendredi : 9 h – 12 h, 14 h 30 – 18 h",
        "Samedi : 9 h – 12 h",
        "Dimanche : fermé",
        "Jours fériés : fermé",
    ]


def test_lines_of_a_week_with_a_holiday_show_the_usual_hours():
    """The week of 1 May still shows Wednesday's usual hours; the holiday line says the rest."""
    lines = hours_lines(SCHEMA_EXAMPLE, datetime.datetime(2024, 5, 1, 10, 0))
    assert lines[2] == "Mercredi : 8 h 30 – 12 h 30"
    assert lines[-1] == "Jours fériés : fermé"


def test_lines_say_when_hours_change_with_the_season():
    lines = hours_lines("Mo-Fr 10:00-18:00; Jul-Aug Mo-Fr 10:00-12:00",
                        datetime.datetime(2024, 3, 12))
    assert lines[0] == "Lundi : 10 h – 18 h"
    assert "changent selon la période" in lines[-1]


def test_midnight_and_all_day():
    assert hours_status("Fr 20:00-24:00", datetime.datetime(2024, 7, 12, 21, 0)) == (
        "Ouvert maintenant, ferme à minuit")
    assert hours_lines("24/7", FRIDAY_10)[0] == "Lundi : 24 h sur 24"
    assert hours_lines("Fr 20:00-24:00", FRIDAY_10)[4] == "Vendredi : 20 h – 24 h"


def test_lines_edge_cases():
    assert hours_lines("") == ["Horaires non renseignés"]
    assert hours_lines("Fr 09:00-12:00-17:00") == [
        "Horaires à vérifier auprès de la structure : Fr 09:00-12:00-17:00"]
    assert hours_lines('We 10:00-12:00 "sur rendez-vous"', FRIDAY_10)[2] == (
        "Mercredi : 10 h – 12 h (sur rendez-vous)")
