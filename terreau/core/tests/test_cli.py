"""The `terreau` console script passes Django's commands through and accepts hyphens."""

import subprocess
import sys

import pytest

from terreau.cli import command_name


@pytest.mark.parametrize(
    ("typed", "runs"),
    [
        ("add-group", "add_group"),
        ("add-user", "add_user"),
        ("import-zones", "import_zones"),
        ("worker", "db_worker"),
        ("migrate", "migrate"),
        ("createsuperuser", "createsuperuser"),
        ("--version", "--version"),
    ],
)
def test_a_typed_command_runs_its_management_command(typed, runs):
    assert command_name(typed) == runs


def test_django_commands_pass_through(run_cli):
    code, out, err = run_cli("diffsettings")
    assert code == 0, err
    assert "LANGUAGE_CODE = 'fr'" in out


def test_help_lists_terreau_commands(run_cli):
    _, out, _ = run_cli("help")
    for name in ("add_group", "add_user", "demo", "serve", "db_worker"):
        assert name in out


def test_the_console_script_maps_hyphenated_names_in_a_fresh_process():
    result = subprocess.run([sys.executable, "-m", "terreau.cli", "add-user", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--role" in result.stdout and "member|facilitator|steward|admin" in result.stdout


def test_an_unknown_command_fails(run_cli):
    code, _, err = run_cli("semer-des-graines")
    assert code == 1
    assert "semer_des_graines" in err
