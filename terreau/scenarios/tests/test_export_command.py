"""`terreau export-scenario`: the same files as the buttons, the same refusals."""

import pytest

from terreau.core.models import AuditEvent

from .test_export_setup import *  # noqa: F403 (fixtures)

pytestmark = pytest.mark.django_db


def test_both_formats_of_an_open_scenario(run_cli, open_scenario, tmp_path):
    html, pdf = tmp_path / "s.html", tmp_path / "s.pdf"
    code, _, err = run_cli("export-scenario", "chomage-37", "--format", "html", "-o", str(html))
    assert code == 0, err
    assert "Scénario écrit dans" in err
    assert "<h1>Scénario chomage-37</h1>" in html.read_text()
    code, _, err = run_cli("export-scenario", "chomage-37", "--format", "pdf", "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    events = AuditEvent.objects.filter(action="export", target_id="chomage")
    assert events.count() == 2
    assert events.first().actor.endswith("(ligne de commande)")


def test_group_data_needs_its_group(run_cli, group_scenario, other_group, tmp_path):
    out = tmp_path / "g.html"
    code, _, err = run_cli("export-scenario", "chomage-groupe", "--format", "html",
                           "-o", str(out))
    assert code == 1
    assert "ne peuvent pas sortir du groupe" in err and "Étape 1 « Nos chiffres »" in err
    assert "--group" in err
    assert not out.exists()
    code, _, err = run_cli("export-scenario", "chomage-groupe", "--format", "html",
                           "-o", str(out), "--group", "blois-sante")
    assert code == 1 and "appartient au groupe « tours-insertion »" in err
    code, _, err = run_cli("export-scenario", "chomage-groupe", "--format", "html",
                           "-o", str(out), "--group", "tours-insertion")
    assert code == 0, err
    text = out.read_text()
    assert "Document du groupe Tours Insertion : ne pas diffuser hors du groupe." in text
    assert "Chômage (groupe)" in text


def test_restricted_data_never_leaves(run_cli, restricted_scenario, tmp_path):
    out = tmp_path / "r.pdf"
    code, _, err = run_cli("export-scenario", "chomage-restreint", "--format", "pdf",
                           "-o", str(out), "--group", "tours-insertion")
    assert code == 1
    assert "données restreintes" in err
    assert not out.exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_bad_options_are_explained(run_cli, open_scenario, tmp_path):
    code, _, err = run_cli("export-scenario", "chomage-37", "--format", "docx",
                           "-o", str(tmp_path / "x"))
    assert code == 1 and "choisissez html ou pdf" in err
    code, _, err = run_cli("export-scenario", "inconnu", "--format", "html",
                           "-o", str(tmp_path / "x"))
    assert code == 1 and "Scénario introuvable" in err
