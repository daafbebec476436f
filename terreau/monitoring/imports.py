"""Importing an attendance spreadsheet: check everything, then write it all or nothing.

`sessions_import(path, group=…)` reads the file (imports_reading), groups its rows into
sessions (same date and title), matches the names to the group's register and members,
finds the sessions already in the group, and either refuses with a French report naming
each problem's line and column (nothing written) or writes everything in one transaction
with bulk inserts. Re-importing the same file doubles nothing: a session of the group with
the same date and title gets its attendance replaced.

Who is who: a name matches a register entry (`Person`, not erased) or a member's full name
of the group, compared folded (case, accents, spaces); any other name becomes a new guest
in the register. `habitant` rows count inhabitants without names.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.core.numbers import number_text

from .choices import AttendeeKind, SessionType
from .imports_reading import SheetRow, TableReadError, fold, sheet_read
from .models import Attendance, Person, WorkSession

NO_WRITE = "Rien n'a été enregistré."


@dataclass
class SessionsImportReport:
    """What the import does (or would do, or refused): counts, replaced sessions, errors."""

    file_name: str = ""
    group: str = ""
    rows: int = 0
    sessions: int = 0
    sessions_created: int = 0
    sessions_replaced: list[str] = field(default_factory=list)  # "12/05/2025 — titre"
    presences: int = 0
    inhabitants: int = 0
    people_matched: int = 0
    people_created: int = 0
    new_people: list[str] = field(default_factory=list)
    by_type: dict[str, int] = field(default_factory=dict)  # type label → sessions
    errors: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "SessionsImportReport":
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def refusal(self) -> str:
        n = len(self.errors)
        return (f"Import refusé : {n} erreur{'s' if n > 1 else ''} dans {self.file_name}. "
                f"{NO_WRITE} Corrigez le fichier et importez-le à nouveau.")

    def lines(self) -> list[str]:
        if self.errors:
            return [self.refusal(), *(f"  - {e}" for e in self.errors)]
        done = "Import terminé" if self.written else "Vérification terminée (rien d'écrit)"
        lines = [f"{done} : {self.file_name} pour le groupe {self.group}.",
                 f"  Lignes lues : {self.rows}",
                 f"  Séances : {self.sessions} (nouvelles : {self.sessions_created}, "
                 f"remplacées : {len(self.sessions_replaced)})",
                 f"  Présences nommées : {self.presences}",
                 f"  Habitant·es compté·es sans nom : {self.inhabitants}",
                 f"  Personnes reconnues : {self.people_matched}",
                 f"  Personnes ajoutées au registre : {self.people_created}"]
        lines += [f"  Séances de type « {label} » : {n}" for label, n in self.by_type.items()]
        if self.sessions_replaced:
            lines.append("  Séances déjà enregistrées dont les présences sont remplacées :")
            lines += [f"    - {s}" for s in self.sessions_replaced]
        return lines


class SessionsImportRefused(Exception):
    """The file has errors: nothing was written; `report` lists them."""

    def __init__(self, report: SessionsImportReport):
        super().__init__(report.refusal())
        self.report = report


@dataclass
class _Session:
    date: date
    title: str
    type: str
    hours: Decimal
    line: int  # its first line, for messages
    named: dict[str, SheetRow] = field(default_factory=dict)  # folded name → row
    inhabitants: int = 0
    existing: WorkSession | None = None


@dataclass
class _Plan:
    sessions: list[_Session]
    people: dict[str, Person]  # folded name → existing register entry
    members: dict[str, int]  # folded full name → user id (no register entry yet)
    member_ids: set[int]
    new_guests: dict[str, SheetRow]  # folded name → first row naming them



def _progress(progress, percent: int, label: str) -> None:
    if progress is not None:
        progress(percent, label)


def _sessions_group(rows: list[SheetRow], errors: list[str], headers: dict) -> list[_Session]:
    """Rows with the same date and title are one session; its type and duration must agree."""
    sessions: dict[tuple, _Session] = {}
    type_column, hours_column = headers.get("type", "Type"), headers.get("hours", "Durée")
    labels = dict(SessionType.choices)
    for row in rows:
        key = (row.date, fold(row.title))
        session = sessions.get(key)
        if session is None:
            session = sessions[key] = _Session(row.date, row.title, row.type, row.hours,
                                               row.line)
        elif row.type != session.type:
            errors.append(f"Ligne {row.line}, colonne « {type_column} » : la séance "
                          f"« {row.title} » du {row.date:%d/%m/%Y} est de type "
                          f"« {labels[session.type]} » à la ligne {session.line}, ici "
                          f"« {labels[row.type]} ».")
        elif row.hours != session.hours:
            errors.append(f"Ligne {row.line}, colonne « {hours_column} » : la séance "
                          f"« {row.title} » du {row.date:%d/%m/%Y} dure "
                          f"{number_text(session.hours)} h à la ligne {session.line}, ici "
                          f"{number_text(row.hours)} h.")
        if row.inhabitant:
            session.inhabitants += 1
            continue
        name_key = fold(row.name)
        if name_key in session.named:
            errors.append(f"Ligne {row.line}, colonne « {headers.get('name', 'Nom')} » : "
                          f"{row.name} figure déjà à la ligne "
                          f"{session.named[name_key].line} pour la même séance.")
        else:
            session.named[name_key] = row
    return list(sessions.values())


def _plan(group: TerritorialGroup, sessions: list[_Session]) -> _Plan:
    """Match names and sessions against what the group already has (reads only)."""
    people: dict[str, Person] = {}
    for person in Person.objects.filter(group=group, erased_at__isnull=True).order_by("pk"):
        people.setdefault(fold(person.name), person)
    memberships = Membership.objects.filter(group=group).select_related("user")
    member_ids = {m.user_id for m in memberships}
    registered_users = {p.user_id for p in people.values() if p.user_id}
    registered_users |= set(Person.objects.filter(group=group, user__isnull=False)
                            .values_list("user_id", flat=True))
    members = {}
    for membership in memberships:
        user = membership.user
        name = fold(user.get_full_name())
        if name and name not in people:
            linked = Person.objects.filter(group=group, user=user).first()
            if linked is not None and not linked.erased_at:
                people[name] = linked
            elif user.pk not in registered_users:
                members.setdefault(name, user.pk)
    new_guests: dict[str, SheetRow] = {}
    for session in sessions:
        for name_key, row in session.named.items():
            if name_key not in people and name_key not in members:
                new_guests.setdefault(name_key, row)
    days = {s.date for s in sessions}
    existing = defaultdict(list)
    for found in WorkSession.objects.filter(group=group, date__in=days).order_by("pk"):
        existing[(found.date, fold(found.title))].append(found)
    for session in sessions:
        matches = existing.get((session.date, fold(session.title)))
        session.existing = matches[0] if matches else None
    return _Plan(sessions, people, members, member_ids, new_guests)


def _report_fill(report: SessionsImportReport, plan: _Plan) -> None:
    labels = dict(SessionType.choices)
    report.sessions = len(plan.sessions)
    report.sessions_replaced = [f"{s.date:%d/%m/%Y} — {s.title}" for s in plan.sessions
                                if s.existing is not None]
    report.sessions_created = report.sessions - len(report.sessions_replaced)
    report.presences = sum(len(s.named) for s in plan.sessions)
    report.inhabitants = sum(s.inhabitants for s in plan.sessions)
    named = {k for s in plan.sessions for k in s.named}
    report.people_created = len(plan.new_guests) + len(named & plan.members.keys())
    report.people_matched = len(named) - report.people_created
    report.new_people = sorted(row.name for row in plan.new_guests.values())
    counts: dict[str, int] = defaultdict(int)
    for session in plan.sessions:
        counts[session.type] += 1
    report.by_type = {labels[t]: counts[t] for t in SessionType.values if t in counts}


def sessions_import(path: str | Path, *, group: TerritorialGroup, by=None,
                    dry_run: bool = False, progress=None, max_bytes: int | None = None,
                    file_name: str = "") -> SessionsImportReport:
    """Check the file, then (unless `dry_run`) write its sessions and attendance in one
    transaction. Raise SessionsImportRefused (nothing written) when there is any error."""
    report = SessionsImportReport(file_name=file_name or Path(path).name, group=group.name)
    _progress(progress, 0, "Lecture du fichier")
    try:
        read = sheet_read(path, max_bytes=max_bytes)
    except TableReadError as error:
        report.errors.append(str(error))
        raise SessionsImportRefused(report) from error
    report.rows, errors = read.read, list(read.errors)
    if not read.read and not errors:
        errors.append("Le fichier ne contient aucune ligne de présence sous les en-têtes.")
    _progress(progress, 30, "Vérification des lignes")
    sessions = _sessions_group(read.rows, errors, read.headers)
    if errors:
        report.errors = errors
        raise SessionsImportRefused(report)
    plan = _plan(group, sessions)
    _report_fill(report, plan)
    if dry_run:
        return report
    _progress(progress, 50, "Écriture des séances et des présences")
    _write(group, plan, by)
    report.written = True
    _progress(progress, 100, "Terminé")
    return report


def _write(group: TerritorialGroup, plan: _Plan, by) -> None:
    with transaction.atomic():
        created = [Person(group=group, name=row.name, structure=row.structure,
                          mission=row.mission) for row in plan.new_guests.values()]
        created += [Person(group=group, name=_first_row(plan, key).name, user_id=user_id)
                    for key, user_id in plan.members.items() if _first_row(plan, key)]
        Person.objects.bulk_create(created)
        people = {**plan.people, **{fold(p.name): p for p in created}}
        replaced = [s.existing for s in plan.sessions if s.existing is not None]
        Attendance.objects.filter(session__in=[s.pk for s in replaced]).delete()
        for session in plan.sessions:
            if session.existing is not None:
                session.existing.type = session.type
                session.existing.duration_hours = session.hours
                session.existing.attendance_recorded = True
        WorkSession.objects.bulk_update(
            replaced, ["type", "duration_hours", "attendance_recorded"], batch_size=500)
        new = [s for s in plan.sessions if s.existing is None]
        rows = WorkSession.objects.bulk_create(
            [WorkSession(group=group, title=s.title, type=s.type, date=s.date,
                         duration_hours=s.hours, attendance_recorded=True, created_by=by)
             for s in new], batch_size=500)
        for session, row in zip(new, rows, strict=True):
            session.existing = row
        _attendances_insert([row for session in plan.sessions
                             for row in _attendances(session, people, plan.member_ids)])


def _first_row(plan: _Plan, name_key: str) -> SheetRow | None:
    for session in plan.sessions:
        if name_key in session.named:
            return session.named[name_key]
    return None


ATTENDANCE_COLUMNS = ("session", "kind", "person", "person_key", "structure",
                      "mission", "count", "hours")


def _attendances(session: _Session, people: dict[str, Person], member_ids: set[int]):
    """The attendance rows of a session, as tuples of ATTENDANCE_COLUMNS."""
    pk = session.existing.pk
    for name_key, row in session.named.items():
        person = people[name_key]
        kind = AttendeeKind.MEMBER if person.user_id in member_ids else AttendeeKind.GUEST
        yield (pk, kind.value, person.pk, person.key, row.structure or person.structure,
               row.mission or person.mission, 1, session.hours)
    if session.inhabitants:
        yield (pk, AttendeeKind.INHABITANT.value, None, "", "", "", session.inhabitants,
               session.hours)


def _attendances_insert(rows: list[tuple]) -> None:
    """Insert attendance rows with one prepared statement run over all of them.

    bulk_create builds a model instance and prepares every field of every row in Python:
    for 20,000 rows that was most of the import's time (4 s of 8 on the project's
    machine); the rows here are already plain values of the right types.
    """
    meta = Attendance._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column)
                        for name in ATTENDANCE_COLUMNS)
    values = ", ".join(["%s"] * len(ATTENDANCE_COLUMNS))
    prepare = connection.ops.adapt_decimalfield_value
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})",
                           [(*row[:-1], prepare(row[-1], 5, 2)) for row in rows])
