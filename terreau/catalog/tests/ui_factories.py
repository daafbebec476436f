"""Factories and fixtures for the catalogue's page, API, holder and inventory tests.

Versions are built directly (Variable, DatasetVersion, Series with numpy bytes) so that
these tests do not depend on the import core; the import UI tests use the real import.
Test modules import the fixtures they use from here (`world_fixture`, known as `world`).
"""

import hashlib

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.catalog.choices import MissingReason, Sensitivity
from terreau.catalog.models import Dataset, DatasetVersion, Series, Variable
from terreau.territory.geometry import normalize_search
from terreau.territory.models import Zone

# Three communes of Indre-et-Loire: code, name.
COMMUNES = [("37261", "Tours"), ("37122", "Joué-lès-Tours"), ("37233", "Saint-Avertin")]


def zone_make(code: str, name: str, level: str = "commune") -> Zone:
    zone, _ = Zone.objects.get_or_create(
        level=level, code=code, defaults={"name": name, "search_name": normalize_search(name)})
    return zone


def group_make(slug: str, name: str = "") -> TerritorialGroup:
    return TerritorialGroup.objects.create(slug=slug, name=name or slug.capitalize())


def user_make(username: str, *, group: TerritorialGroup | None = None, role: str = "member",
              password: str | None = None, **fields):
    """Create a user (and their membership). Without `password`, sign in with force_login:
    hashing a password takes a good part of a second."""
    user = get_user_model().objects.create_user(username=username, password=password,
                                                **fields)
    if group is not None:
        Membership.objects.create(user=user, group=group, role=role)
    return user


def dataset_make(slug: str, *, sensitivity: str = Sensitivity.SHARED, owner_group=None,
                 stewards=(), level: str = "commune", **fields) -> Dataset:
    dataset = Dataset.objects.create(slug=slug, title=fields.pop("title", slug.title()),
                                     level=level, sensitivity=sensitivity,
                                     owner_group=owner_group, **fields)
    dataset.stewards.set(stewards)
    return dataset


def version_make(dataset: Dataset, values: dict[str, list], *, zones: list[Zone],
                 period: str = "2018", number: int | None = None, user=None,
                 changes: dict | None = None, units: dict | None = None) -> DatasetVersion:
    """Add a version whose columns are `values` ({slug: [value or reason code str]}).

    A value given as a string ("s", "nd", "") stands for a cell without value, with that
    INSEE marker as its reason.
    """
    markers = {"": MissingReason.EMPTY, "s": MissingReason.SECRET,
               "nd": MissingReason.NOT_AVAILABLE, "nc": MissingReason.NOT_CONCERNED}
    number = number or (dataset.versions.count() + 1)
    ids = np.array([z.pk for z in zones], dtype=np.int64)
    version = DatasetVersion.objects.create(
        dataset=dataset, number=number, source_filename=f"{dataset.slug}-{number}.csv",
        source_sha256=hashlib.sha256(f"{dataset.slug}{number}".encode()).hexdigest(),
        zone_ids=ids.tobytes(), row_count=len(zones), changes=changes or {},
        created_by=user)
    for position, (slug, column) in enumerate(values.items()):
        variable, _ = Variable.objects.get_or_create(
            dataset=dataset, slug=slug,
            defaults={"column": slug.upper(), "label": f"Libellé de {slug}",
                      "unit": (units or {}).get(slug, ""), "position": position})
        numbers = np.array([np.nan if isinstance(v, str) else v for v in column],
                           dtype=np.float64)
        reasons = np.array([markers[v] if isinstance(v, str) else 0 for v in column],
                           dtype=np.uint8)
        Series.objects.create(version=version, variable=variable, period=period,
                              values=numbers.tobytes(), reasons=reasons.tobytes())
    return version


ROLES = ["nogroup", "other", "member", "facilitator", "steward", "admin", "superuser"]


@pytest.fixture(name="world")
def world_fixture(db):
    """Two groups, a person per role, a dataset per sensitivity owned by the Tours group.

    - tours: member, facilitator, steward (named steward of the restricted dataset);
    - blois: other (a member), admin (administrator of the instance, through Blois);
    - nogroup: signed in, in no group; superuser: Django's superuser.
    Each dataset has one version: 3 communes, p18_pop and med19 (Saint-Avertin secret).
    """
    tours, blois = group_make("tours", "Tours — insertion"), group_make("blois", "Blois")
    people = {
        "nogroup": user_make("sansgroupe"),
        "other": user_make("autre", group=blois),
        "member": user_make("membre", group=tours),
        "facilitator": user_make("animatrice", group=tours, role="facilitator"),
        "steward": user_make("referente", group=tours, role="steward"),
        "admin": user_make("admin", group=blois, role="admin"),
        "superuser": user_make("racine", is_superuser=True, is_staff=True),
    }
    zones = [zone_make(code, name) for code, name in COMMUNES]
    datasets = {}
    for sensitivity in Sensitivity.values:
        dataset = dataset_make(
            f"donnees-{sensitivity}", sensitivity=sensitivity, owner_group=tours,
            title=f"Données {sensitivity}",
            stewards=[people["steward"]] if sensitivity == Sensitivity.RESTRICTED else [])
        version_make(dataset, {"p18_pop": [136463, 38090, "s"], "med19": [20210, 21000, "s"]},
                     zones=zones, user=people["steward"])
        datasets[sensitivity] = dataset
    return {"groups": {"tours": tours, "blois": blois}, "people": people, "zones": zones,
            "datasets": datasets}


# Who sees which sensitivity (the rule of Dataset.objects.visible_to).
SEES = {
    "nogroup": {"open"},
    "other": {"open", "shared"},
    "member": {"open", "shared", "group"},
    "facilitator": {"open", "shared", "group"},
    "steward": {"open", "shared", "group", "restricted"},
    "admin": {"open", "shared"},
    "superuser": {"open", "shared", "group", "restricted"},
}


def page_text(response) -> str:
    """Return the page as text, HTML entities decoded (l&#x27;instance → l'instance)."""
    import html

    return html.unescape(response.content.decode())


def visible_text(response) -> str:
    """Return the page's text without tags, spaces collapsed, as a reader would see it."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_text(response))).replace(" )", ")")


# ---- The import pages, as a browser would use them -------------------------------------


def upload(client, path, name: str | None = None):
    with open(path, "rb") as handle:
        return client.post("/donnees/importer/", {"file": SimpleUploadedFile(
            name or path.name, handle.read())})


def token_of(response) -> str:
    return response["Location"].split("/")[3]


def column_data(response, **changes) -> dict:
    """Return the mapping form as the browser would post it, with some fields changed."""
    form, formset = response.context["form"], response.context["formset"]
    data = {f"col-{key}": value for key, value in formset.management_form.initial.items()}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value
    for i, initial in enumerate(formset.initial):
        for key in ("column", "slug", "label", "unit", "kind"):
            data[f"col-{i}-{key}"] = initial[key]
        if initial["include"]:
            data[f"col-{i}-include"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def to_mapping(client, path, name=None):
    token = token_of(upload(client, path, name))
    client.post(f"/donnees/importer/{token}/apercu/", {"action": "continue", "header_row": 1})
    return token, client.get(f"/donnees/importer/{token}/colonnes/")


def check(client, path, name=None, **changes) -> str:
    token, response = to_mapping(client, path, name)
    response = client.post(f"/donnees/importer/{token}/colonnes/",
                           column_data(response, slug="comparateur", title="Comparateur 2022",
                                       period="2018", **changes))
    assert response["Location"] == f"/donnees/importer/{token}/verification/"
    return token


def derived(comparateur, tmp_path, change) -> object:
    """Write a copy of the comparateur with `change(lines)` applied (CRLF kept)."""
    lines = comparateur.read_bytes().decode("ascii").split("\r\n")
    change(lines)
    path = tmp_path / comparateur.name
    path.write_bytes("\r\n".join(lines).encode("ascii"))
    return path
