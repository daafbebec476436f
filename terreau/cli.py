"""The `terreau` console script: Terreau's commands and every Django management command.

`terreau import-zones ...` runs the management command `import_zones`: a hyphen in a
command's name stands for an underscore, so both spellings work. `terreau worker` is the
background worker of django-tasks-db (`db_worker`).
"""

import os
import sys

# Commands whose name differs from the management command they run.
ALIASES = {"worker": "db_worker"}


def command_name(name: str) -> str:
    """Return the management command that `terreau NAME` runs."""
    if name.startswith("-"):
        return name
    return ALIASES.get(name, name.replace("-", "_"))


def main(argv: list[str] | None = None) -> None:
    """Run `terreau COMMAND ...` as `manage.py COMMAND ...`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] != "help":
        args[0] = command_name(args[0])
    elif len(args) > 1:  # terreau help import-zones
        args[1] = command_name(args[1])
    execute_from_command_line(["terreau", *args])


if __name__ == "__main__":
    main()
