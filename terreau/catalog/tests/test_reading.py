"""Reading real INSEE files and variants made from them at test time (no database)."""

import zipfile

import pandas as pd
import pytest

from terreau.catalog.reading import TableReadError, preview, read_table

COMPARATEUR = "base-cc-comparateur-2022-centre-val-de-loire.csv"
FILOSOFI = "filosofi-dec-iris-2019-centre-val-de-loire.csv"
POPULATIONS = "populations-legales-2021-communes-centre-val-de-loire.csv"
APPARTENANCE = "table-appartenance-geo-communes-2022.xlsx"


def test_the_comparateur_is_read_as_ascii_semicolons_with_its_header_on_line_1(stats_dir):
    table = read_table(stats_dir / COMPARATEUR, text_columns=("CODGEO",))
    assert (table.encoding, table.separator, table.decimal, table.header_row) == \
        ("utf-8", ";", ".", 1)
    assert table.columns[:3] == ["CODGEO", "P18_POP", "P13_POP"] and len(table.columns) == 33
    assert table.frame.shape == (1757, 33) and table.labels is None
    assert table.frame[0].iloc[0] == "18001" and table.frame[1].iloc[0] == 377
    assert table.lines[0] == 2 and table.lines[-1] == 1758


def test_filosofi_keeps_its_french_labels_and_finds_the_codes_below_five_title_lines(stats_dir):
    table = read_table(stats_dir / FILOSOFI, text_columns=("IRIS", "COM"))
    assert (table.encoding, table.decimal, table.header_row) == ("utf-8-sig", ",", 6)
    assert table.columns[:4] == ["IRIS", "LIBIRIS", "COM", "LIBCOM"]
    assert table.labels[7] == "Médiane (€)" and table.columns[7] == "DEC_MED19"
    assert table.lines[0] == 7 and len(table.frame) == 375
    first = table.frame.iloc[0]
    assert first[0] == "180330101" and first[4] == 62.0  # "62,0" with a decimal comma


def test_a_zipped_insee_csv_is_read_from_its_largest_file_with_codes_as_text(stats_dir):
    table = read_table(stats_dir / "base-cc-comparateur-2022-csv.zip", text_columns=("CODGEO",))
    assert table.sheet == "base_cc_comparateur.CSV" and len(table.sheets) == 2
    assert table.frame[0].iloc[0] == "01001" and len(table.frame) == 35010
    meta = read_table(stats_dir / "base-cc-comparateur-2022-csv.zip",
                      sheet="meta_base_cc_comparateur.CSV")
    assert meta.columns[:2] == ["COD_VAR", "LIB_VAR"]


def test_the_xlsx_table_d_appartenance_is_read_from_sheet_com_below_its_labels(cog_dir):
    table = read_table(cog_dir / APPARTENANCE)
    assert table.kind == "xlsx" and table.sheet == "COM"
    assert table.sheets == ["COM", "ARM", "Zones_supra_communales", "Variables", "Documentation"]
    assert table.header_row == 6 and table.labels[0] == "Code géographique"
    assert table.frame.iloc[0, 0] == "01001" and len(table.frame) == 34955
    assert table.lines[0] == 7
    districts = read_table(cog_dir / APPARTENANCE, sheet="ARM")
    assert len(districts.frame) == 45


def test_a_latin1_copy_is_detected_and_decoded(stats_dir, tmp_path):
    text = (stats_dir / POPULATIONS).read_text(encoding="utf-8")
    path = tmp_path / "populations-latin1.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert table.columns[1] == "Région" and table.frame[7].iloc[0] == "Achères"


@pytest.mark.parametrize("separator", ["\t", ","])
def test_tab_and_comma_separated_copies_are_detected(stats_dir, tmp_path, separator):
    frame = pd.read_csv(stats_dir / COMPARATEUR, sep=";", dtype=str, keep_default_na=False)
    path = tmp_path / "copie.txt"
    frame.to_csv(path, sep=separator, index=False)
    table = read_table(path, text_columns=("CODGEO",))
    assert table.separator == separator and table.columns == list(frame.columns)
    assert table.frame[3].iloc[0] == 12.75 and table.frame[0].iloc[-1] == frame.CODGEO.iloc[-1]


def test_an_ods_sheet_made_from_a_real_file_is_read(stats_dir, tmp_path):
    pytest.importorskip("odf")
    frame = pd.read_csv(stats_dir / POPULATIONS, sep=";", dtype=str).head(40)
    path = tmp_path / "populations.ods"
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Communes", index=False)
    table = read_table(path)
    assert table.kind == "ods" and table.sheets == ["Communes"] and table.header_row == 1
    assert table.frame[6].iloc[0] == "18001" and table.frame[8].iloc[0] == "348"


def test_preview_returns_the_first_rows_and_the_detected_header(stats_dir):
    shown = preview(stats_dir / FILOSOFI, 8)
    assert (shown.header_row, shown.label_row, shown.separator) == (6, 5, ";")
    assert len(shown.rows) == 8 and shown.rows[5][0] == "IRIS" and shown.rows[6][0] == "180330101"


def test_a_forced_header_row_wins_over_detection(stats_dir):
    table = read_table(stats_dir / FILOSOFI, header_row=5)
    assert table.columns[0] == "IRIS" and table.columns[1] == "Libellé de l'IRIS"


# ---- Bad input -----------------------------------------------------------------------------


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_bytes(b"")
    with pytest.raises(TableReadError, match="vide.csv est vide"):
        read_table(path)


def test_a_binary_file_named_csv_is_refused(tmp_path, data_dir):
    path = tmp_path / "image.csv"
    path.write_bytes((data_dir / "geo" / "communes-france-2018.geojson.gz").read_bytes()[:5000])
    with pytest.raises(TableReadError, match="binaire"):
        read_table(path)


def test_a_file_over_the_size_limit_is_refused(stats_dir):
    with pytest.raises(TableReadError, match="pèse 2 Mo : la limite est de 1 Mo"):
        read_table(stats_dir / "populations-legales-2021-communes.csv", max_bytes=1_000_000)


def test_a_zip_without_a_table_is_refused(tmp_path, stats_dir):
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("lisez-moi.md", "rien")
    with pytest.raises(TableReadError, match="aucun fichier CSV"):
        read_table(path)


def test_an_unknown_sheet_is_named_with_the_sheets_there_are(cog_dir):
    with pytest.raises(TableReadError, match="pas de feuille « COMMUNES ».*COM, ARM"):
        read_table(cog_dir / APPARTENANCE, sheet="COMMUNES")
