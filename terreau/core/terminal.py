"""What the import commands print on the terminal: a progress bar, then their report."""

import json
import sys

from django.core.management.base import OutputWrapper


class ProgressBar:
    """The `progress(percent, label)` callback of an import, drawn on a command's stderr.

    On a terminal the bar is redrawn on its last line; otherwise each step is a line. Nothing
    is drawn when not `enabled` (verbosity 0). Use it in a `with` block: on exit the bar's
    line is ended, so that what follows starts on a line of its own.
    """

    WIDTH = 30

    def __init__(self, stream: OutputWrapper, enabled: bool = True):
        self.stream, self.enabled = stream, enabled

    def __call__(self, percent: int, label: str) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * percent // 100
        bar = f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {percent:3d} % {label}"
        if sys.stderr.isatty():
            self.stream.write(f"\r{bar:<80}", ending="")
            self.stream.flush()
        else:
            self.stream.write(bar)

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.enabled:
            self.stream.write("")  # leave the bar's line


def report_write(stream: OutputWrapper, data: dict, lines: list[str], format: str) -> None:
    """Write a command's report: `data` as JSON for --format json, else the text `lines`."""
    if format == "json":
        stream.write(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in lines:
            stream.write(line)
