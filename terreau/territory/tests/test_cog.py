"""INSEE's commune table (COG 2024), read as it is published (no database)."""

from collections import Counter

import pytest

from terreau.territory import cog


@pytest.fixture(scope="module")
def entries(data_dir):
    return cog.read_commune_table(data_dir / "cog" / "v-commune-2024.csv")


def test_the_2024_table_has_the_rows_insee_publishes(entries):
    assert Counter(e.kind for e in entries) == {"COM": 34935, "COMD": 2081, "COMA": 483,
                                                "ARM": 45}
    assert cog.vintage_from_name("v-commune-2024.csv") == 2024
    assert len(cog.parts(entries)) == 2081 + 483 + 45


def test_a_commune_nouvelle_lists_its_own_old_code_first(entries):
    merge = cog.merges(entries)["41059"]
    assert merge.name == "Le Controis-en-Sologne"
    assert merge.members == ["41059", "41082", "41092", "41170", "41257"]
    assert merge.member_names["41082"] == "Feings"


def test_a_file_that_is_not_the_commune_table_is_refused(data_dir):
    with pytest.raises(cog.CogFileError, match="colonnes absentes TYPECOM, COM"):
        cog.read_commune_table(data_dir / "cog" / "v-departement-2024.csv")
