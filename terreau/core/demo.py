"""The demo: Centre-Val de Loire, the IRIS of the four pilot communes, three groups, four accounts.

Everything comes from real open data. Contours come from a data folder (`../shared/data`,
see its MANIFEST.md) or, without one, from geo.api.gouv.fr (communes; départements and the
région are the union of their communes, as in IGN's ADMIN EXPRESS). The IRIS come from
INSEE's official IRIS list, without contours; when the machine is online their real contours
are fetched from IGN's Géoplateforme. Loading twice updates, it never duplicates.
"""

import csv
import json
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from terreau.accounts.models import GroupTerritory, TerritorialGroup
from terreau.accounts.roles import Role
from terreau.accounts.services import (
    group_create_or_update,
    group_territory_create,
    group_territory_update,
    user_add_to_group,
)
from terreau.analysis.demo import demo_analysis_load
from terreau.core.demo_stats import demo_stats_load
from terreau.directory.demo import demo_directory_load
from terreau.monitoring.demo import demo_monitoring_load
from terreau.scenarios.demo import demo_scenario_load
from terreau.surveys.demo import demo_survey_load
from terreau.territory.choices import Level
from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone
from terreau.territory.services import ZoneImportError, zones_import

REGION_CODE = "24"
REGION_DEPARTEMENTS = ("18", "28", "36", "37", "41", "45")
PILOT_COMMUNES = {"37261": "Tours", "37122": "Joué-lès-Tours", "18279": "Vierzon",
                  "41018": "Blois"}

# Files of the data folder (paths relative to it) and the COG year of their codes.
LOCAL_CONTOURS = {
    Level.REGION: "geo/region-centre-val-de-loire.geojson",
    Level.DEPARTEMENT: "geo/departements-centre-val-de-loire.geojson",
    Level.COMMUNE: "geo/communes-centre-val-de-loire.geojson",
}
LOCAL_VINTAGE = 2018
IRIS_LIST = "cog/iris-2023-centre-val-de-loire.csv"
IRIS_LIST_VINTAGE = 2023
IRIS_LIST_SOURCE = "INSEE, liste des IRIS au 1er janvier 2023 (Licence Ouverte)"

GEO_API_URL = "https://geo.api.gouv.fr"
IGN_WFS_URL = "https://data.geopf.fr/wfs/ows"
IGN_IRIS_LAYER = "STATISTICALUNITS.IRIS:contours_iris"
DOWNLOAD_TIMEOUT = 30  # seconds without data before a download gives up
ONLINE_TIMEOUT = 5  # seconds to decide that the machine is offline


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    name: str
    communes: tuple[str, ...]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    groups: tuple[str, ...]


DEMO_GROUPS = (
    DemoGroup("tours-insertion", "Tours — insertion", ("37261", "37122")),
    DemoGroup("vierzon-sante", "Vierzon — santé", ("18279",)),
    DemoGroup("blois", "Blois", ("41018",)),
)
DEMO_ACCOUNTS = (
    DemoAccount("membre", "demo-membre", Role.MEMBER, ("tours-insertion",)),
    DemoAccount("animateur", "demo-animateur", Role.FACILITATOR,
                ("tours-insertion", "vierzon-sante")),
    DemoAccount("donnees", "demo-donnees", Role.STEWARD, ("tours-insertion", "blois")),
    DemoAccount("admin", "demo-admin", Role.ADMIN,
                ("tours-insertion", "vierzon-sante", "blois")),
)


class DemoError(Exception):
    """The demo cannot be loaded; the French message says why and what to do."""


@dataclass
class DemoReport:
    zones: dict[str, int] = field(default_factory=dict)  # level → zones in the database
    iris_without_contour: int = 0
    iris_contours_loaded: bool = False
    messages: list[str] = field(default_factory=list)


class Output:
    """Step lines and a progress bar on the terminal (plain lines when not a terminal)."""

    def __init__(self, write: Callable[[str], None] = print, tty: bool = False, steps: int = 0):
        self.write, self.tty, self.steps, self.step_no = write, tty, steps, 0
        self._last = -1

    def step(self, label: str) -> None:
        self.step_no += 1
        self._last = -1
        self.write(f"[{self.step_no}/{self.steps}] {label}")

    def info(self, text: str) -> None:
        self.write(f"      {text}")

    def progress(self, percent: int, label: str = "") -> None:
        """Draw the progress bar (the `progress` callback of `zones_import`)."""
        percent = max(0, min(100, int(percent)))
        if not self.tty or percent == self._last:
            return
        self._last = percent
        bar = "█" * (percent // 4) + "·" * (25 - percent // 4)
        end = "\n" if percent == 100 else ""
        self.write(f"\r      {bar} {percent:3d} % {str(label)[:40]:<40}{end}")


def data_dir_find(explicit: str | Path | None = None) -> Path | None:
    """Return the demo's data folder: --data, then TERREAU_DATA_DIR, then ../shared/data."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_dir():
            raise DemoError(f"Dossier de données introuvable : {path}")
        return path
    if getattr(settings, "TERREAU_DATA_DIR", ""):
        path = Path(settings.TERREAU_DATA_DIR).expanduser()
        if not path.is_dir():
            raise DemoError(f"TERREAU_DATA_DIR ne désigne pas un dossier : {path}")
        return path
    beside_repo = Path(settings.BASE_DIR).resolve().parent.parent / "shared" / "data"
    return beside_repo if beside_repo.is_dir() else None


def _get(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "Terreau (demo)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _is_offline(error: Exception) -> bool:
    if isinstance(error, urllib.error.HTTPError):
        return False
    return isinstance(error, (urllib.error.URLError, socket.timeout, TimeoutError,
                              ConnectionError, OSError))


def dissolve(features: Sequence[dict], key: Callable[[dict], str]) -> dict[str, shapely.Geometry]:
    """Return the union of the features' geometries grouped by `key(properties)`.

    Holes smaller than 0.01 km² are dropped: they are slivers between simplified commune
    contours, not real enclaves.
    """
    groups: dict[str, list] = {}
    for feature in features:
        geometry = shapely.make_valid(shapely.geometry.shape(feature["geometry"]))
        groups.setdefault(key(feature["properties"]), []).append(geometry)
    result = {}
    for code, geometries in groups.items():
        union = shapely.union_all(geometries)
        polygons = shapely.get_parts(union)
        cleaned = [
            shapely.Polygon(p.exterior, [r for r in p.interiors if shapely.Polygon(r).area > 1e-6])
            for p in polygons if p.geom_type == "Polygon"
        ]
        result[code] = shapely.MultiPolygon(cleaned) if len(cleaned) > 1 else cleaned[0]
    return result


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _feature(code: str, name: str, geometry) -> dict:
    return {"type": "Feature", "properties": {"code": code, "nom": name},
            "geometry": shapely.geometry.mapping(geometry)}


def geo_api_download(*, folder: Path, out: Output, base_url: str | None = None) -> dict[str, Path]:
    """Download the contours of the région's communes from geo.api.gouv.fr into `folder`.

    The API serves contours for communes only: départements and région are their union.
    """
    base = (base_url or getattr(settings, "TERREAU_GEO_API_URL", "") or GEO_API_URL).rstrip("/")
    query = urllib.parse.urlencode({
        "codeRegion": REGION_CODE, "format": "geojson", "geometry": "contour",
        "fields": "code,nom,codeDepartement,codeRegion",
    })
    urls = {
        "communes": f"{base}/communes?{query}",
        "departements": f"{base}/departements?codeRegion={REGION_CODE}&fields=code,nom,codeRegion",
        "region": f"{base}/regions/{REGION_CODE}?fields=code,nom",
    }
    data = {}
    for key, url in urls.items():
        out.info(f"Téléchargement : {url}")
        try:
            data[key] = json.loads(_get(url, DOWNLOAD_TIMEOUT))
        except (OSError, ValueError) as error:
            raise DemoError(
                f"Téléchargement impossible ({url}) : {error}. Sans connexion, donnez un dossier "
                "de données : terreau demo --data DOSSIER (voir le README)."
            ) from error
    communes = data["communes"].get("features") or []
    if not communes:
        raise DemoError(f"Aucune commune reçue de {urls['communes']}.")
    names = {d["code"]: d["nom"] for d in data["departements"]}

    def departement_of(properties: dict) -> str:
        return properties.get("codeDepartement") or properties["code"][:2]

    departements = dissolve(communes, departement_of)
    region = shapely.union_all(list(departements.values()))
    files = {
        Level.COMMUNE: (_collection(communes), "communes.geojson"),
        Level.DEPARTEMENT: (_collection([_feature(code, names.get(code, code), geometry)
                                         for code, geometry in sorted(departements.items())]),
                            "departements.geojson"),
        Level.REGION: (_collection([_feature(REGION_CODE, data["region"]["nom"], region)]),
                       "region.geojson"),
    }
    paths = {}
    for level, (content, name) in files.items():
        paths[level] = folder / name
        paths[level].write_text(json.dumps(content), encoding="utf-8")
    return paths


def iris_list_read(path: Path, communes: Sequence[str]) -> list[dict[str, str]]:
    """Return the rows of INSEE's IRIS list (CSV, `;`) that belong to `communes`."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if row["DEPCOM"] in communes]
    if not rows:
        raise DemoError(f"Aucun IRIS des communes {', '.join(communes)} dans {path}.")
    return rows


@transaction.atomic
def iris_list_load(*, rows: Sequence[dict[str, str]], vintage: int = IRIS_LIST_VINTAGE,
                   source: str = IRIS_LIST_SOURCE) -> tuple[int, int]:
    """Create or update IRIS zones (no contour) from the IRIS list; return (created, updated).

    Contours already loaded are kept: only the code, name, commune and vintage are written.
    """
    codes = [row["CODE_IRIS"] for row in rows]
    parents = {z.code: z for z in Zone.objects.filter(
        level=Level.COMMUNE, code__in={row["DEPCOM"] for row in rows})}
    existing = {z.code: z for z in Zone.objects.filter(level=Level.IRIS, code__in=codes)}
    now = timezone.now()
    to_create, to_update = [], []
    for row in rows:
        zone = existing.get(row["CODE_IRIS"]) or Zone(level=Level.IRIS, code=row["CODE_IRIS"])
        zone.name = row["LIB_IRIS"].strip()
        zone.search_name = normalize_search(zone.name)
        zone.parent = parents.get(row["DEPCOM"])
        zone.vintage = vintage
        zone.updated_at = now
        if zone.pk is None:
            zone.source = source
            zone.full_clean(validate_unique=False)
            to_create.append(zone)
        else:
            to_update.append(zone)
    Zone.objects.bulk_create(to_create, batch_size=500)
    Zone.objects.bulk_update(to_update, ["name", "search_name", "parent", "vintage", "updated_at"],
                             batch_size=500)
    return len(to_create), len(to_update)


def ign_iris_url(communes: Sequence[str], base_url: str | None = None) -> str:
    base = base_url or getattr(settings, "TERREAU_IGN_WFS_URL", "") or IGN_WFS_URL
    codes = ",".join(f"'{code}'" for code in communes)
    query = urllib.parse.urlencode({
        "SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
        "TYPENAMES": IGN_IRIS_LAYER, "OUTPUTFORMAT": "application/json",
        "SRSNAME": "EPSG:4326", "COUNT": "5000", "CQL_FILTER": f"code_insee IN ({codes})",
    })
    return f"{base}?{query}"


def ign_iris_fetch(*, communes: Sequence[str], folder: Path) -> tuple[Path | None, str]:
    """Fetch the IRIS contours of `communes` from IGN; return (GeoJSON file or None, message)."""
    url = ign_iris_url(communes)
    try:
        content = json.loads(_get(url, ONLINE_TIMEOUT))
    except urllib.error.HTTPError as error:
        return None, f"le service IGN a répondu « {error.code} {error.reason} »"
    except ValueError:
        return None, "la réponse du service IGN n'est pas du GeoJSON"
    except OSError as error:
        if _is_offline(error):
            return None, "machine hors ligne (service IGN injoignable)"
        raise
    features = [f for f in content.get("features") or []
                if str((f.get("properties") or {}).get("code_iris", ""))[:5] in communes]
    if not features:
        return None, "le service IGN n'a renvoyé aucun IRIS de ces communes"
    path = folder / "contours-iris-ign.geojson"
    path.write_text(json.dumps(_collection(features)), encoding="utf-8")
    return path, f"{len(features)} contours IRIS reçus de l'IGN"


IMPORT_LABELS = {Level.REGION: "de la région Centre-Val de Loire",
                 Level.DEPARTEMENT: "de ses 6 départements", Level.COMMUNE: "de ses communes"}


# An example of a group's own territory ("territoire vécu"): Tours and four communes around.
DEMO_TERRITORY = ("tours-insertion", "Agglomération de Tours (exemple)",
                  ("37261", "37122", "37214", "37233", "37195"))


def demo_groups_and_accounts_load() -> None:
    """Create or update the demo groups, the demo accounts (one per role), a drawn territory."""
    for group in DEMO_GROUPS:
        group_create_or_update(slug=group.slug, name=group.name, zone_codes=group.communes)
    for account in DEMO_ACCOUNTS:
        for slug in account.groups:
            user_add_to_group(username=account.username, group_slug=slug, role=account.role,
                              password=account.password)
    demo_territory_load()


def demo_territory_load() -> None:
    """Draw the example territory of the Tours group, once (a re-run updates it)."""
    group_slug, name, codes = DEMO_TERRITORY
    group = TerritorialGroup.objects.get(slug=group_slug)
    zone_ids = list(Zone.objects.filter(level=Level.COMMUNE, code__in=codes)
                    .values_list("pk", flat=True))
    if not zone_ids:
        return
    existing = GroupTerritory.objects.filter(group=group, name=name).first()
    if existing is None:
        group_territory_create(group=group, name=name, zone_ids=zone_ids)
    else:
        group_territory_update(territory=existing, name=name, zone_ids=zone_ids)


def demo_load(*, data_dir: Path | None, out: Output, download: bool = False,
              iris_contours: bool = True) -> DemoReport:
    """Load the demo territory, groups and accounts, all or nothing; return what is loaded.

    Downloads happen first, outside the transaction; then one transaction writes everything.
    """
    report = DemoReport()
    use_local = data_dir is not None and not download
    if use_local:
        missing = [p for p in LOCAL_CONTOURS.values() if not (data_dir / p).is_file()]
        if missing:
            raise DemoError(f"Fichiers absents du dossier {data_dir} : {', '.join(missing)}. "
                            "Sans eux, lancez terreau demo --download (connexion requise).")
    iris_list = data_dir / IRIS_LIST if data_dir is not None else None
    with tempfile.TemporaryDirectory(prefix="terreau-demo-") as tmp:
        if use_local:
            paths = {level: data_dir / path for level, path in LOCAL_CONTOURS.items()}
            vintage, source = LOCAL_VINTAGE, ""
        else:
            out.step("Téléchargement des contours officiels (geo.api.gouv.fr)")
            paths, vintage = geo_api_download(folder=Path(tmp), out=out), None
            source = "geo.api.gouv.fr"
        if iris_contours:
            iris_file, iris_message = ign_iris_fetch(communes=list(PILOT_COMMUNES),
                                                     folder=Path(tmp))
        else:
            iris_file, iris_message = None, "non demandés (--no-iris-contours)"

        with transaction.atomic():
            for level in (Level.REGION, Level.DEPARTEMENT, Level.COMMUNE):
                out.step(f"Import {IMPORT_LABELS[level]} ({paths[level].name})")
                try:
                    result = zones_import(path=paths[level], level=level, code_field="code",
                                          name_field="nom", vintage=vintage,
                                          progress=out.progress, source=source)
                except ZoneImportError as error:
                    raise DemoError(f"Import de {paths[level]} impossible : {error}") from error
                out.info(_report_line(result))
            _departements_attach_to_region()

            out.step("IRIS des communes pilotes (liste officielle de l'INSEE, sans contours)")
            if iris_list is not None and iris_list.is_file():
                rows = iris_list_read(iris_list, list(PILOT_COMMUNES))
                created, updated = iris_list_load(rows=rows)
                out.info(f"{created} IRIS créés, {updated} mis à jour ({iris_list.name}).")
            else:
                out.info("Liste des IRIS de l'INSEE absente : les IRIS viendront des contours "
                         "IGN si la machine est en ligne.")

            out.step("Contours IRIS des communes pilotes (Géoplateforme de l'IGN)")
            report.iris_contours_loaded = iris_contours_import(
                path=iris_file, message=iris_message, out=out)

            out.step("Groupes et comptes de démonstration")
            demo_groups_and_accounts_load()
            demo_stats_load(data_dir=data_dir, out=out)
            out.info(demo_scenario_load())
            out.info(demo_survey_load())
            out.info(demo_analysis_load())
            out.info(demo_directory_load(data_dir))
            out.info(demo_monitoring_load())
    for level in Level:
        count = Zone.objects.filter(level=level).count()
        if count:
            report.zones[level] = count
    report.iris_without_contour = Zone.objects.filter(level=Level.IRIS, geometry=None).count()
    return report


def iris_contours_load(*, communes: Sequence[str], folder: Path, out: Output) -> bool:
    """Import the real IRIS contours of `communes` from IGN when online; say if it worked."""
    path, message = ign_iris_fetch(communes=communes, folder=folder)
    return iris_contours_import(path=path, message=message, out=out)


def iris_contours_import(*, path: Path | None, message: str, out: Output) -> bool:
    """Import the IRIS contours fetched from IGN, or say why there are none; go on either way."""
    if path is not None:
        try:
            result = zones_import(path=path, level=Level.IRIS, code_field="code_iris",
                                  name_field="nom_iris", progress=out.progress,
                                  source="IGN, Géoplateforme (contours IRIS)")
        except ZoneImportError as error:
            message = f"contours IGN refusés : {error}"
        else:
            out.info(f"{message}. {_report_line(result)}")
            return True
    out.info(f"Contours IRIS non chargés : {message}. On continue sans eux ; les IRIS restent "
             "listés, sans carte. Pour les importer plus tard : "
             "terreau import-zones CONTOURS-IRIS.gpkg --level iris.")
    return False


def _departements_attach_to_region() -> None:
    """Make the région the parent of its départements (their codes do not say it)."""
    region = Zone.objects.filter(level=Level.REGION, code=REGION_CODE).first()
    if region is not None:
        Zone.objects.filter(level=Level.DEPARTEMENT, code__in=REGION_DEPARTEMENTS,
                            parent=None).update(parent=region)


def _report_line(report) -> str:
    """Summarise an import report in one French line."""
    return " ".join(report.lines()[:2])
