"""`terreau import-xlsform` and `terreau export-xlsform` on the real forms."""

import pytest

from terreau.core.tests.fixtures import run_cli as _run_cli  # noqa: F401  (fixture `run_cli`)
from terreau.surveys.models import Questionnaire
from terreau.surveys.xlsform import xlsform_read

FORMS = "surveys/xlsforms"


@pytest.mark.django_db
def test_import_then_export_gives_the_same_questionnaire(run_cli, data_dir, tours_group,
                                                         tmp_path):
    source = data_dir / FORMS / "pyxform-ucl-biomass-plot-form.xlsx"
    code, out, err = run_cli("import-xlsform", str(source), "--group", "tours-insertion",
                             "--slug", "biomasse")
    assert code == 0, err
    assert "version 1" in out
    questionnaire = Questionnaire.objects.get(slug="biomasse")
    assert questionnaire.group == tours_group
    target = tmp_path / "biomasse.xlsx"
    code, out, err = run_cli("export-xlsform", "biomasse", "-o", str(target))
    assert code == 0, err
    assert xlsform_read(target) == xlsform_read(source)
    # Imported again under the same slug: a version of the same questionnaire (no answers
    # yet, so version 1 is changed in place).
    code, out, _ = run_cli("import-xlsform", str(target), "--group", "tours-insertion",
                           "--slug", "biomasse")
    assert code == 0 and Questionnaire.objects.count() == 1


@pytest.mark.django_db
def test_a_faulty_form_is_refused_in_french_and_nothing_is_written(run_cli, data_dir,
                                                                   tours_group):
    source = data_dir / FORMS / "epfl-wash-household-survey-nairobi-2021-en.xls"
    code, _, err = run_cli("import-xlsform", str(source), "--group", "tours-insertion")
    assert code == 1
    assert "ligne 62, colonne « name »" in err and "HandWashHabits1" in err
    assert not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_unknown_group_questionnaire_or_version(run_cli, data_dir, tours_group, tmp_path):
    source = data_dir / FORMS / "kobo-nested-repeats.xls"
    code, _, err = run_cli("import-xlsform", str(source), "--group", "nulle-part")
    assert code == 1 and "Groupe introuvable" in err
    code, _, err = run_cli("export-xlsform", "absent", "-o", str(tmp_path / "a.xlsx"))
    assert code == 1 and "Questionnaire introuvable" in err
    run_cli("import-xlsform", str(source), "--group", "tours-insertion", "--slug", "enfants")
    code, _, err = run_cli("export-xlsform", "enfants", "-o", str(tmp_path / "a.xlsx"),
                           "--version", "3")
    assert code == 1 and "n'a pas de version 3" in err
