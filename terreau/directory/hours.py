"""Opening hours in the OpenStreetMap `opening_hours` syntax, said in plain French.

data·inclusion stores hours as OSM expressions ("Mo-Fr 09:00-12:00,14:30-18:00; PH off");
people read "Ouvert maintenant, ferme à 12 h" and "Lundi : 9 h – 12 h, 14 h 30 – 18 h".
The parser is opening-hours-py (Rust); times are evaluated in Europe/Paris with the French
public holidays (so "PH off" closes on 1 May).
"""

import datetime
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours

PARIS = ZoneInfo("Europe/Paris")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
EXAMPLE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
NOT_GIVEN = "Horaires non renseignés"
UNREADABLE = "Horaires à vérifier auprès de la structure"
# How far ahead to look for the next opening (a place open once a year still says when).
HORIZON = datetime.timedelta(days=400)

# Frequent mistakes, with what to write instead.
_HINTS = (
    (re.compile(r"\d{1,2}\s*h(\s*\d{2})?", re.I),
     "les heures s'écrivent sur 24 h avec deux-points, « 09:00-12:00 » et non « 9h-12h »"),
    (re.compile(r"24\s*/\s*24"), "« ouvert tout le temps » s'écrit « 24/7 »"),
    (re.compile(r"\d{2}:\d{2}-\d{2}:\d{2}-\d{2}:\d{2}"),
     "une plage horaire a trois heures (« 09:00-12:00-17:00 ») : séparez les plages par une "
     "virgule, « 09:00-12:00,14:00-17:00 »"),
    (re.compile(r"\b(lun|mar|mer|jeu|ven|sam|dim)", re.I),
     "les jours s'écrivent en anglais abrégé : Mo, Tu, We, Th, Fr, Sa, Su"),
)


@lru_cache(maxsize=2048)
def _parsed(text: str) -> opening_hours.OpeningHours | None:
    try:
        return opening_hours.OpeningHours(text, timezone=PARIS, country="FR")
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def hours_check(text: str | None) -> str | None:
    """None when `text` is empty or a valid expression; else what is wrong, in French."""
    text = (text or "").strip()
    if not text or _parsed(text) is not None:
        return None
    try:
        opening_hours.OpeningHours(text)
        position = None
    except (opening_hours.ParserError, SyntaxError, ValueError) as error:
        match = re.search(r"--> \d+:(\d+)", str(error))
        position = int(match.group(1)) if match else None
    where = ""
    if position is not None:
        where = f" à partir du caractère {position} (« {text[position - 1:position + 11]} »)"
    hint = next((advice for pattern, advice in _HINTS if pattern.search(text)), None)
    advice = f" ; {hint}" if hint else ""
    return (f"horaires illisibles{where}{advice}. Le format attendu est celui "
            f"d'OpenStreetMap, par exemple « {EXAMPLE} ».")


def _local(at: datetime.datetime | None) -> datetime.datetime:
    if at is None:
        return datetime.datetime.now(PARIS)
    if at.tzinfo is None:
        return at.replace(tzinfo=PARIS)
    return at.astimezone(PARIS)


def open_now(text: str | None, at: datetime.datetime | None = None) -> bool | None:
    """True open, False closed at `at` (Paris time; naive means Paris); None when the hours
    are missing, unreadable or say "unknown" for that moment."""
    hours = _parsed((text or "").strip()) if text else None
    if hours is None:
        return None
    state, _comment = hours.state(_local(at))
    if state == opening_hours.State.OPEN:
        return True
    if state == opening_hours.State.CLOSED:
        return False
    return None


def clock(moment: datetime.datetime | datetime.time) -> str:
    """9 h, 14 h 30, 0 h."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def _when(moment: datetime.datetime, now: datetime.datetime) -> str:
    """"à 17 h" today, "demain à 9 h", "lundi à 9 h" within the week, else with the date."""
    days = (moment.date() - now.date()).days
    if days == 1 and moment.time() == datetime.time():
        return "à minuit"
    if days == 0:
        return f"à {clock(moment)}"
    if days == 1:
        return f"demain à {clock(moment)}"
    if days < 7:
        return f"{DAYS[moment.weekday()]} à {clock(moment)}"
    return (f"le {DAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} "
            f"à {clock(moment)}")


def _intervals(hours, start, end=None):
    return hours.intervals(start, end or start + HORIZON)


def _next(hours, now, wanted_open: bool):
    """When the state next becomes open (wanted_open) or stops being open."""
    for begin, _end, state, _comment in _intervals(hours, now):
        is_open = state == opening_hours.State.OPEN
        if begin > now and is_open == wanted_open:
            return begin
    return None


def hours_status(text: str | None, at: datetime.datetime | None = None) -> str:
    """"Ouvert maintenant, ferme à 17 h", "Fermé, ouvre lundi à 9 h", in Paris time."""
    text = (text or "").strip()
    if not text:
        return NOT_GIVEN
    hours = _parsed(text)
    if hours is None:
        return UNREADABLE
    now = _local(at).replace(second=0, microsecond=0)
    state, comment = hours.state(now)
    note = f" ({comment})" if comment else ""
    if state == opening_hours.State.OPEN:
        closes = _next(hours, now, wanted_open=False)
        if closes is None:
            return f"Ouvert maintenant, tout le temps{note}"
        return f"Ouvert maintenant, ferme {_when(closes, now)}{note}"
    if state == opening_hours.State.UNKNOWN:
        return f"Ouverture à vérifier{note}"
    if _usual(text) is not None and _usual(text).is_open(now):
        note = f" (jour férié){note}"
    opens = _next(hours, now, wanted_open=True)
    if opens is None:
        return f"Fermé{note}"
    return f"Fermé{note}, ouvre {_when(opens, now)}"


def _day_ranges(hours, day: datetime.date) -> list[str]:
    start = datetime.datetime.combine(day, datetime.time(), PARIS)
    end = start + datetime.timedelta(days=1)
    ranges = []
    for begin, finish, state, comment in _intervals(hours, start, end):
        if state == opening_hours.State.CLOSED:
            continue
        if begin <= start and finish >= end:
            text = "24 h sur 24"
        else:
            text = f"{clock(begin)} – {'24 h' if finish >= end else clock(finish)}"
        if state == opening_hours.State.UNKNOWN:
            text += " (à vérifier)"
        if comment:
            text += f" ({comment})"
        ranges.append(text)
    return ranges


def _week(hours, monday: datetime.date) -> list[str]:
    lines = []
    for offset, name in enumerate(DAYS):
        ranges = _day_ranges(hours, monday + datetime.timedelta(days=offset))
        lines.append(f"{name.capitalize()} : {', '.join(ranges) if ranges else 'fermé'}")
    return lines


@lru_cache(maxsize=512)
def _usual(text: str):
    """The expression without public holidays, for "the usual week" (a holiday in the week
    shown would otherwise read as a closed day)."""
    try:
        return opening_hours.OpeningHours(text, timezone=PARIS)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def hours_lines(text: str | None, at: datetime.datetime | None = None) -> list[str]:
    """One plain-French line per day of the week of `at` (default: this week), e.g.
    "Lundi : 9 h – 12 h, 14 h – 17 h", then what public holidays and seasons change."""
    text = (text or "").strip()
    if not text:
        return [NOT_GIVEN]
    hours = _usual(text)
    if hours is None or _parsed(text) is None:
        return [f"{UNREADABLE} : {text}"]
    today = _local(at).date()
    monday = today - datetime.timedelta(days=today.weekday())
    lines = _week(hours, monday)
    if re.search(r"\bPH\s+(off|closed)\b", text):
        lines.append("Jours fériés : fermé")
    elif re.search(r"\bPH\b", text):
        lines.append("Jours fériés : horaires particuliers")
    seasons = {tuple(_week(hours, monday + datetime.timedelta(weeks=4 * step)))
               for step in range(1, 13)}
    if seasons - {tuple(lines[:7])}:
        lines.append("Ces horaires changent selon la période de l'année "
                     "(ci-dessus : la semaine en cours).")
    return lines
