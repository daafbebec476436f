"""The `terreau` console script: Terreau's commands and every Django management command."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run `terreau COMMAND ...` as `manage.py COMMAND ...`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["terreau", *argv])
    args[0] = "terreau"
    execute_from_command_line(args)
