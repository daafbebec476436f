"""`terreau demo`: the real territory of Centre-Val de Loire, groups and accounts, idempotent."""

import json

import pytest
import shapely
from django.contrib.auth import authenticate, get_user_model
from django.test import Client

from terreau.accounts.models import GroupTerritory, Membership, TerritorialGroup
from terreau.actions.models import Action
from terreau.core.demo import DEMO_ACCOUNTS, PILOT_COMMUNES, Output, iris_contours_load
from terreau.directory.models import Structure
from terreau.monitoring.models import WorkSession
from terreau.scenarios.models import Scenario
from terreau.surveys.models import Questionnaire
from terreau.territory.models import Zone

pytestmark = pytest.mark.django_db
User = get_user_model()

# From ../shared/data/MANIFEST.md: 1,776 communes (COG 2018) and, in INSEE's 2023 IRIS list,
# Tours 57, Joué-lès-Tours 16, Vierzon 13 and Blois 20 IRIS.
COMMUNES, DEPARTEMENTS, PILOT_IRIS = 1776, 6, 57 + 16 + 13 + 20


def database_summary() -> dict:
    return {
        "zones": dict(sorted(
            (level, Zone.objects.filter(level=level).count())
            for level in ("region", "departement", "commune", "iris"))),
        "iris_without_contour": Zone.objects.filter(level="iris", geometry=None).count(),
        "groups": {g.slug: sorted(g.zones.values_list("code", flat=True))
                   for g in TerritorialGroup.objects.all()},
        "memberships": sorted(Membership.objects.values_list("user__username", "group__slug",
                                                             "role")),
        "users": User.objects.count(),
        "drawn_territories": {(t.group.slug, t.name): sorted(t.zones.values_list("code", flat=True))
                              for t in GroupTerritory.objects.all()},
        "scenarios": {s.slug: (s.group.slug, s.is_example, s.steps.count(),
                               s.hypotheses.count(), s.comments.count())
                      for s in Scenario.objects.all()},
        "directory": (Structure.objects.filter(example=False).count(),
                      Structure.objects.filter(example=True).count()),
        "questionnaires": {q.slug: (q.group.slug, q.versions.count(),
                                    sorted(q.campaigns.values_list("slug", flat=True)))
                           for q in Questionnaire.objects.all()},
    }


def test_demo_loads_the_real_territory_groups_and_accounts_and_never_duplicates(
        run_cli, shared_data, closed_url, settings):
    # Nothing listens at the IGN address: the demo must say so and go on.
    settings.TERREAU_IGN_WFS_URL = closed_url
    code, out, err = run_cli("demo", "--no-serve", "--data", str(shared_data))
    assert code == 0, err

    summary = database_summary()
    assert summary["zones"] == {"commune": COMMUNES, "departement": DEPARTEMENTS,
                                "iris": PILOT_IRIS, "region": 1}
    assert summary["iris_without_contour"] == PILOT_IRIS
    assert summary["groups"] == {"tours-insertion": ["37122", "37261"],
                                 "vierzon-sante": ["18279"], "blois": ["41018"]}
    assert summary["users"] == 4
    # Examples of drawn territories: Tours and the four communes around it; Vierzon and the
    # nine communes that touch it (the field of the fictitious health survey).
    assert summary["drawn_territories"] == {
        ("tours-insertion", "Agglomération de Tours (exemple)"):
            ["37122", "37195", "37214", "37233", "37261"],
        ("vierzon-sante", "Vierzon et communes voisines (exemple)"):
            ["18036", "18096", "18148", "18150", "18214", "18219", "18279", "18281", "41168",
             "41256"]}
    assert "Contours IRIS non chargés : machine hors ligne" in out
    # The example scenario of the Tours group: three steps, two hypotheses, a few comments,
    # and the member it mentions is told.
    assert summary["scenarios"] == {"exemple-tours": ("tours-insertion", True, 3, 2, 3)}
    assert "Scénario d'exemple « exemple-tours » créé" in out
    # The example "guide de diagnostic" and its campaign on the IRIS of Tours (no answers), and
    # the fictitious health survey of Vierzon (its answers are tested in analysis/tests).
    assert summary["questionnaires"] == {
        "guide-diagnostic-tours": ("tours-insertion", 1, ["diagnostic-tours-2027"]),
        "sante-vierzon": ("vierzon-sante", 1, ["sante-vierzon-2026"])}
    # The directory: the real France services, médiation numérique and Pôle emploi sites of
    # the région, and three labelled examples in the pilot neighbourhoods.
    assert summary["directory"][0] > 300 and summary["directory"][1] == 3
    assert "Annuaire chargé en" in out
    assert User.objects.get(username="animateur").scenario_notifications.filter(
        kind="mention").count() == 1
    # The Tours group's example year: its sessions, an action testing a hypothesis of the
    # example scenario with one concluded evaluation, drawn on the pages its facilitator reads.
    assert WorkSession.objects.filter(group__slug="tours-insertion", is_example=True).count() == 15
    action = Action.objects.get(group__slug="tours-insertion", is_example=True)
    assert action.hypotheses.filter(scenario__slug="exemple-tours").count() == 1
    assert action.rounds.filter(concluded_at__isnull=False).count() == 1
    facilitator = Client()
    facilitator.force_login(User.objects.get(username="animateur"))
    for url in ("/suivi/groupes/tours-insertion/", "/suivi/groupes/tours-insertion/bilan/1/",
                action.get_absolute_url(), f"{action.get_absolute_url()}evaluations/1/"):
        assert facilitator.get(url).status_code == 200, url

    # Every account printed in the terminal works, with its role.
    for account in DEMO_ACCOUNTS:
        assert f"{account.username:<14}{account.password:<18}" in out
        user = authenticate(username=account.username, password=account.password)
        assert user is not None
        assert set(user.memberships.values_list("role", flat=True)) == {account.role}
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="donnees").has_perm("territory.import_zones")
    assert not User.objects.get(username="membre").has_perm("territory.import_zones")

    # The hierarchy is known from the codes: IRIS → commune → département → région.
    iris = Zone.objects.get(level="iris", code="372611803")
    assert iris.name == "Douets Milletière 3"
    assert [z.code for z in iris.ancestors()] == ["37261", "37", "24"]
    assert Zone.objects.filter(level="iris", parent=None).count() == 0

    code, out, err = run_cli("demo", "--no-serve", "--data", str(shared_data))
    assert code == 0, err
    assert database_summary() == summary
    assert "0 IRIS créés, 106 mis à jour" in out


def commune_contours(shared_data, codes) -> dict[str, dict]:
    path = shared_data / "geo" / "communes-centre-val-de-loire.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: f for f in features if f["properties"]["code"] in codes}


def test_demo_downloads_the_official_contours_when_there_is_no_local_copy(
        run_cli, shared_data, local_server, closed_url, settings):
    """The download path, against a local server answering like geo.api.gouv.fr."""
    geo = shared_data / "geo"
    departements = json.loads((geo / "departements-centre-val-de-loire.geojson").read_text())
    local_server.routes = {
        "/communes": (200, (geo / "communes-centre-val-de-loire.geojson").read_bytes()),
        "/departements": (200, json.dumps(
            [{**f["properties"], "codeRegion": "24"} for f in departements["features"]]
        ).encode()),
        "/regions/24": (200, json.dumps({"code": "24", "nom": "Centre-Val de Loire"}).encode()),
    }
    settings.TERREAU_GEO_API_URL = local_server.url
    settings.TERREAU_IGN_WFS_URL = closed_url

    code, out, err = run_cli("demo", "--no-serve", "--download", "--data", str(shared_data))
    assert code == 0, err

    communes_request = next(r for r in local_server.requests if r.startswith("/communes"))
    for parameter in ("codeRegion=24", "format=geojson", "geometry=contour"):
        assert parameter in communes_request
    assert database_summary()["zones"] == {"commune": COMMUNES, "departement": DEPARTEMENTS,
                                           "iris": PILOT_IRIS, "region": 1}
    # Départements and région are the union of their communes: Indre-et-Loire holds Tours.
    indre_et_loire = Zone.objects.get(level="departement", code="37")
    assert indre_et_loire.name == "Indre-et-Loire"
    tours = Zone.objects.get(level="commune", code="37261")
    assert tours.parent == indre_et_loire
    department_shape = shapely.from_wkb(bytes(indre_et_loire.geometry))
    assert department_shape.contains(shapely.from_wkb(bytes(tours.geometry)).point_on_surface())
    assert Zone.objects.get(level="region").geometry is not None


def test_demo_explains_in_french_when_it_can_neither_read_nor_download(
        run_cli, shared_data, closed_url, settings):
    settings.TERREAU_GEO_API_URL = closed_url
    code, _, err = run_cli("demo", "--no-serve", "--download", "--no-iris-contours",
                           "--data", str(shared_data))
    assert code == 1
    assert "Téléchargement impossible" in err and "--data DOSSIER" in err
    assert not Zone.objects.exists()


def test_demo_with_a_broken_file_says_which_and_loads_nothing(run_cli, shared_data, tmp_path):
    """All or nothing: a truncated communes file leaves the database as it was."""
    (tmp_path / "geo").mkdir()
    for name in ("region-centre-val-de-loire.geojson", "departements-centre-val-de-loire.geojson"):
        (tmp_path / "geo" / name).write_bytes((shared_data / "geo" / name).read_bytes())
    communes = (shared_data / "geo" / "communes-centre-val-de-loire.geojson").read_bytes()
    (tmp_path / "geo" / "communes-centre-val-de-loire.geojson").write_bytes(communes[:5000])

    code, out, err = run_cli("demo", "--no-serve", "--no-iris-contours", "--data", str(tmp_path))

    assert code == 1
    assert "Erreur: Import de" in err and "communes-centre-val-de-loire.geojson impossible" in err
    assert "Import de la région" in out  # it had begun
    assert not Zone.objects.exists()
    assert not TerritorialGroup.objects.exists()


def test_demo_refuses_a_data_folder_that_does_not_exist(run_cli, tmp_path):
    code, _, err = run_cli("demo", "--no-serve", "--data", str(tmp_path / "absent"))
    assert code == 1
    assert "Dossier de données introuvable" in err


def test_iris_contours_from_ign_are_imported_when_the_service_answers(
        shared_data, local_server, settings, tmp_path):
    """The online path of the IRIS contours, against a local server answering like IGN's WFS.

    Test fixture only: the local server serves real commune contours relabelled with IRIS
    codes, to check the import path; the demo database never gets invented boundaries.
    """
    contours = commune_contours(shared_data, PILOT_COMMUNES)
    for code, name in PILOT_COMMUNES.items():
        Zone.objects.create(level="commune", code=code, name=name, search_name=name.lower())
    features = [
        {"type": "Feature", "geometry": feature["geometry"],
         "properties": {"code_iris": f"{code}0101", "nom_iris": f"IRIS test {code}",
                        "code_insee": code}}
        for code, feature in contours.items()
    ]
    local_server.routes = {"/wfs/ows": (200, json.dumps(
        {"type": "FeatureCollection", "features": features}).encode())}
    settings.TERREAU_IGN_WFS_URL = f"{local_server.url}/wfs/ows"
    lines = []

    assert iris_contours_load(communes=list(PILOT_COMMUNES), folder=tmp_path,
                              out=Output(write=lines.append))

    request = local_server.requests[0]
    assert "TYPENAMES=STATISTICALUNITS.IRIS%3Acontours_iris" in request
    assert "code_insee+IN+%28%2737261%27%2C%2737122%27" in request
    iris = Zone.objects.filter(level="iris").order_by("code")
    assert [z.code for z in iris] == sorted(f"{c}0101" for c in PILOT_COMMUNES)
    assert all(z.geometry is not None and z.parent.code == z.code[:5] for z in iris)
    assert "4 contours IRIS reçus de l'IGN" in lines[-1]


def test_iris_contours_are_skipped_when_ign_answers_with_an_error(local_server, settings,
                                                                  tmp_path):
    local_server.routes = {"/wfs/ows": (400, b"<ExceptionReport/>")}
    settings.TERREAU_IGN_WFS_URL = f"{local_server.url}/wfs/ows"
    lines = []
    assert not iris_contours_load(communes=["37261"], folder=tmp_path,
                                  out=Output(write=lines.append))
    assert "Contours IRIS non chargés : le service IGN a répondu « 400" in lines[-1]
    assert not Zone.objects.exists()
