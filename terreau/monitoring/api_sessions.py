"""JSON API of the sessions, under /api/v1/suivi/{group}/seances.

Same rules as the pages (queries.py): 401 for anonymous clients; 404 for a group one is not
a member of; members read sessions and counts; names of who came only for the group's
facilitators (and each person's own presence: `ma_presence`); recording is for the
facilitators (403 otherwise). Input fields are read as text and checked here, so that bad
input is a 400 with a French `detail` naming the field, and nothing is written.
"""

from datetime import date, time
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from terreau.accounts.models import Membership

from .choices import AttendeeKind
from .models import Person, WorkSession
from .queries import (
    can_manage,
    can_see_names,
    group_get_readable,
    project_years,
    sessions_in_year,
)
from .sessions import (
    Presence,
    SessionError,
    attendance_rows,
    attendance_set,
    guest_find_or_create,
    hours_parse,
    person_for_user,
    session_create,
)
from .tally import per_session, tally

router = Router(tags=["suivi"])


class SessionIn(Schema):
    intitule: str = Field(description="Intitulé de la séance.")
    date: str = Field(description="AAAA-MM-JJ.")
    type: str = Field("seance_travail", description="seance_travail, formation, "
                      "journee_enquete, entretien, restitution_locale, rencontre_regionale, "
                      "co_evaluation.")
    heure: str = Field("", description="Heure de début HH:MM (facultative).")
    duree_heures: str = Field("2", description="Durée en heures (2,5 ou 2.5).")
    lieu: str = ""
    ordre_du_jour: str = Field("", description="Markdown.")
    compte_rendu: str = Field("", description="Markdown.")
    decisions: str = Field("", description="Markdown.")
    invites: list[int] = Field([], description="Identifiants de personnes du registre.")


class MemberIn(Schema):
    personne: int | None = Field(None, description="Identifiant dans le registre du groupe.")
    compte: str = Field("", description="Ou l'identifiant de connexion d'un membre.")
    heures: str = Field("", description="Vide : toute la séance.")


class GuestIn(Schema):
    personne: int | None = Field(None, description="Identifiant dans le registre, ou le nom.")
    nom: str = ""
    structure: str = ""
    mission: str = ""
    heures: str = ""


class AttendanceIn(Schema):
    membres: list[MemberIn] = []
    invites: list[GuestIn] = []
    habitants: int = Field(0, description="Nombre d'habitant·es, sans noms.")


def _group(request: HttpRequest, slug: str):
    group = group_get_readable(request.user, slug)
    if group is None:
        raise HttpError(404, f"Groupe inconnu, ou dont vous ne faites pas partie : « {slug} ».")
    return group


def _managed(request: HttpRequest, slug: str):
    group = _group(request, slug)
    if not can_manage(request.user, group):
        raise HttpError(403, "Seule l'animation du groupe enregistre les séances et les "
                             "présences.")
    return group


def _session_json(request, session: WorkSession, counts: dict | None) -> dict:
    return {"id": session.pk, "intitule": session.title, "type": session.type,
            "type_libelle": session.get_type_display(), "date": session.date.isoformat(),
            "heure": session.start_time.strftime("%H:%M") if session.start_time else None,
            "duree_heures": float(session.duration_hours), "lieu": session.place,
            "presences_saisies": session.attendance_recorded, "exemple": session.is_example,
            "presences": {"nommees": counts["named"], "habitants": counts["inhabitants"],
                          "heures_presence": counts["person_hours"]} if counts else
            {"nommees": 0, "habitants": 0, "heures_presence": 0.0},
            "url": request.build_absolute_uri(session.get_absolute_url())}


@router.get("/{group}/seances", url_name="monitoring_sessions_list",
            summary="Les séances d'une année du projet, avec leurs chiffres")
def sessions_list(request: HttpRequest, group: str, annee: int | None = None):
    group_obj = _group(request, group)
    years = project_years(group_obj)
    index = None
    if annee is not None:
        index = years.resolve(annee)
        if index is None:
            raise HttpError(400, f"Année inconnue : {annee} (de 1 à {years.count}, ou "
                                 "l'année civile où elle commence).")
    queryset = sessions_in_year(group_obj, index).order_by("date", "start_time", "pk")
    listed = list(queryset)
    counts = per_session(listed)
    first, last = years.whole() if index is None else years.bounds(index)
    return {"groupe": group_obj.slug, "annee": index, "du": first.isoformat(),
            "au": last.isoformat(), "chiffres": tally(queryset).as_dict(),
            "seances": [_session_json(request, s, counts.get(s.pk)) for s in listed]}


def _parse_session(body: SessionIn) -> dict:
    try:
        day = date.fromisoformat(body.date.strip())
    except ValueError:
        raise SessionError(f"« date » : « {body.date} » n'est pas une date AAAA-MM-JJ.") from None
    start = None
    if body.heure.strip():
        try:
            start = time.fromisoformat(body.heure.strip())
        except ValueError:
            raise SessionError(f"« heure » : « {body.heure} » n'est pas une heure HH:MM."
                               ) from None
    return {"title": body.intitule, "date": day, "type": body.type, "start_time": start,
            "duration_hours": hours_parse(body.duree_heures, "« duree_heures »"),
            "place": body.lieu, "agenda": body.ordre_du_jour, "minutes": body.compte_rendu,
            "decisions": body.decisions}


@router.post("/{group}/seances", url_name="monitoring_session_create", response={201: dict},
             summary="Enregistrer une séance (animation du groupe)")
def session_create_api(request: HttpRequest, group: str, body: SessionIn):
    group_obj = _managed(request, group)
    invited = list(Person.objects.filter(group=group_obj, pk__in=body.invites,
                                         erased_at__isnull=True))
    missing = set(body.invites) - {p.pk for p in invited}
    if missing:
        raise HttpError(400, "« invites » : personnes inconnues dans le registre du groupe : "
                             + ", ".join(str(pk) for pk in sorted(missing)))
    try:
        session = session_create(group=group_obj, by=request.user, invited=invited,
                                 **_parse_session(body))
    except SessionError as error:
        raise HttpError(400, str(error)) from None
    return Status(201, session_detail_json(request, session))


def session_detail_json(request, session: WorkSession) -> dict:
    names = can_see_names(request.user, session.group)
    rows = attendance_rows(session)
    data = _session_json(request, session, None)
    data.pop("presences")
    data.update(ordre_du_jour=session.agenda, compte_rendu=session.minutes,
                decisions=session.decisions,
                chiffres=tally(WorkSession.objects.filter(pk=session.pk)).as_dict(),
                invites_nombre=session.invited.count())
    mine = next((r for r in rows if r.person and r.person.user_id == request.user.pk), None)
    data["ma_presence"] = {"heures": float(mine.hours)} if mine else None
    if names:
        data["presences_nommees"] = [
            {"personne": r.person_id, "nom": r.person.name if r.person else "",
             "qui": r.kind, "structure": r.structure, "mission": r.mission,
             "heures": float(r.hours)} for r in rows if r.person_key]
        data["invites"] = [{"personne": p.pk, "nom": p.name, "structure": p.structure}
                           for p in session.invited.order_by("name", "pk")]
    return data


def _session(group, pk: int) -> WorkSession:
    session = WorkSession.objects.select_related("group").filter(group=group, pk=pk).first()
    if session is None:
        raise HttpError(404, "Séance introuvable dans ce groupe.")
    return session


@router.get("/{group}/seances/{pk}", url_name="monitoring_session_detail",
            summary="Une séance : chiffres, et les noms pour l'animation du groupe")
def session_detail(request: HttpRequest, group: str, pk: int):
    return session_detail_json(request, _session(_group(request, group), pk))


def _member(group, index: int, item: MemberIn) -> Person:
    where = f"« membres », ligne {index + 1}"
    if item.personne is not None:
        person = Person.objects.filter(group=group, pk=item.personne).first()
        if person is None:
            raise SessionError(f"{where} : personne {item.personne} inconnue dans le registre.")
        return person
    membership = (Membership.objects.select_related("user")
                  .filter(group=group, user__username=item.compte.strip()).first())
    if membership is None:
        raise SessionError(f"{where} : indiquez « personne » ou le « compte » d'un membre "
                           "du groupe.")
    return person_for_user(group, membership.user)


def _hours(text: str, where: str) -> Decimal | None:
    return hours_parse(text, f"{where} : les heures") if text.strip() else None


def _presences(request, group, body: AttendanceIn) -> list[Presence]:
    named = []
    for index, item in enumerate(body.membres):
        named.append(Presence(_member(group, index, item), AttendeeKind.MEMBER,
                              _hours(item.heures, f"« membres », ligne {index + 1}")))
    for index, item in enumerate(body.invites):
        where = f"« invites », ligne {index + 1}"
        if item.personne is not None:
            person = Person.objects.filter(group=group, pk=item.personne).first()
            if person is None:
                raise SessionError(f"{where} : personne {item.personne} inconnue.")
        elif item.nom.strip():
            person = guest_find_or_create(group=group, by=request.user, name=item.nom,
                                          structure=item.structure, mission=item.mission)
        else:
            raise SessionError(f"{where} : indiquez « personne » ou « nom ».")
        named.append(Presence(person, AttendeeKind.GUEST, _hours(item.heures, where)))
    return named


@router.put("/{group}/seances/{pk}/presences", url_name="monitoring_attendance_set",
            summary="Remplacer les présences d'une séance (animation du groupe)")
def attendance_put(request: HttpRequest, group: str, pk: int, body: AttendanceIn):
    group_obj = _managed(request, group)
    session = _session(group_obj, pk)
    try:
        with transaction.atomic():
            attendance_set(session=session, named=_presences(request, group_obj, body),
                           inhabitants=body.habitants, by=request.user)
    except SessionError as error:
        raise HttpError(400, str(error)) from None
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from None
    session.refresh_from_db()
    return session_detail_json(request, session)
