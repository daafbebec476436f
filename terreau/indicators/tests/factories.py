"""Datasets made from INSEE's real "comparateur de territoires" table, stored as the importer does.

Values are read with pandas from ../shared/data/stats (TERREAU_TEST_DATA overrides) and
stored as Series rows (float64 values, uint8 reasons) aligned on the zones already loaded.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from django.contrib.auth import get_user_model

from terreau.accounts.models import Membership, TerritorialGroup
from terreau.catalog.choices import MissingReason, Sensitivity
from terreau.catalog.models import Dataset, DatasetVersion, Series, Variable
from terreau.territory.models import Zone

COMPARATEUR = "stats/base-cc-comparateur-2022-centre-val-de-loire.csv"

# column → (variable slug, kind, period)
COLUMNS = {
    "P18_CHOM1564": ("chomeurs", "count", "2018"),
    "P18_ACT1564": ("actifs", "count", "2018"),
    "P18_POP": ("pop", "count", "2018"),
    "P13_POP": ("pop", "count", "2013"),
    "MED19": ("med", "median", "2018"),
}


def comparateur_read(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(data_dir / COMPARATEUR, sep=";", dtype={"CODGEO": str})


def dataset_make(data_dir: Path, *, slug: str = "comparateur", columns: dict | None = None,
                 sensitivity: str = Sensitivity.OPEN, owner_group: TerritorialGroup | None = None,
                 secret: dict[str, list[str]] | None = None, extra_rows: dict | None = None,
                 level: str = "commune", drop: tuple[str, ...] = ()) -> Dataset:
    """Store the comparateur's columns for the zones loaded (codes found in the table).

    `secret` turns some cells into secret cells ({column: [codes]}); `extra_rows` adds values
    for other zones ({(level, code): {column: value}}), e.g. a département's own total.
    """
    columns = columns or COLUMNS
    table = comparateur_read(data_dir).set_index("CODGEO")
    zones = dict(Zone.objects.filter(level=level, code__in=table.index)
                 .values_list("code", "pk"))
    codes = sorted(set(zones) - set(drop))
    extra_rows = extra_rows or {}
    extra_pks = [Zone.objects.get(level=lv, code=c).pk for lv, c in extra_rows]
    zone_ids = np.array([zones[c] for c in codes] + extra_pks, dtype=np.int64)
    dataset = Dataset.objects.create(slug=slug, title=f"Comparateur ({slug})", level=level,
                                     sensitivity=sensitivity, owner_group=owner_group,
                                     licence="Licence Ouverte / Etalab 2.0",
                                     source_url="https://www.insee.fr/fr/statistiques/2521169")
    version = DatasetVersion.objects.create(dataset=dataset, number=1,
                                            source_filename=Path(COMPARATEUR).name,
                                            source_sha256="0" * 64, zone_ids=zone_ids.tobytes(),
                                            row_count=len(zone_ids))
    variables = {}
    for position, (column, (var_slug, kind, period)) in enumerate(columns.items()):
        if var_slug not in variables:
            variables[var_slug] = Variable.objects.create(
                dataset=dataset, slug=var_slug, column=column, label=column, kind=kind,
                unit="€" if kind == "median" else "personnes", position=position)
        values = table.loc[codes, column].to_numpy(dtype=float)
        values = np.concatenate([values, [row.get(column, np.nan)
                                          for row in extra_rows.values()]])
        reasons = np.where(np.isnan(values), MissingReason.EMPTY, 0).astype(np.uint8)
        for code in (secret or {}).get(column, []):
            values[codes.index(code)] = np.nan
            reasons[codes.index(code)] = MissingReason.SECRET
        Series.objects.create(version=version, variable=variables[var_slug], period=period,
                              values=values.tobytes(), reasons=reasons.tobytes())
    return dataset


def group_make(slug: str) -> TerritorialGroup:
    return TerritorialGroup.objects.create(slug=slug, name=slug.replace("-", " ").title())


def user_make(username: str, *, group: TerritorialGroup | None = None, role: str = "member"):
    user = get_user_model().objects.create_user(username=username,
                                                password="mot-de-passe-de-test-1")
    if group is not None:
        Membership.objects.create(user=user, group=group, role=role)
    return user
