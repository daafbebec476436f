"""One self-contained HTML file of a scenario, to open from a USB stick with no network.

Everything is inlined at export time: the installed MapLibre (module, worker, CSS: read through
the static files finders, never a CDN), story.js and slides.js, the styles, and each step's
bundle with its zones' display contours (identical contours are written once for all
steps). The scripts are kept in `<script type="text/plain">` blocks and started from Blob
URLs (../shared/TESTING.md), so that the file works from file:// in Chromium and Firefox.
Comments stay in Terreau; hypotheses go with their status history.
"""

import hashlib
import json
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from .bundle import step_bundle
from .choices import Visibility
from .models import Hypothesis, Scenario
from .rules import export_refusal, scenario_blockers

SCRIPTS = {"maplibre-main": "vendor/maplibre-gl.mjs",
           "maplibre-worker": "vendor/maplibre-gl-worker.mjs",
           "story-js": "terreau/js/scenarios/story.js",
           "slides-js": "terreau/js/scenarios/slides.js"}
STYLES = ("vendor/maplibre-gl.css", "terreau/css/story.css")
GEOMETRY_PREFIX = "geo:"


class StaticMissing(RuntimeError):
    """An installed front-end file is missing (npm packages not installed?)."""


def static_text(path: str, *, required: bool = True) -> str:
    """The text of an installed static file (the finders: app and project static folders)."""
    found = finders.find(path)
    if not found:
        if required:
            raise StaticMissing(f"Fichier statique introuvable : {path}. Installez les "
                                "bibliothèques du navigateur (voir le README).")
        return ""
    with open(found, encoding="utf-8") as file:
        return file.read()


def script_safe(text: str) -> str:
    """Text that cannot close its <script> block. In JavaScript strings and regular
    expressions "<\\/script" and "<\\!--" mean the same as the originals."""
    return text.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace(
        "<!--", "<\\!--")


def style_safe(text: str) -> str:
    return text.replace("</style", "<\\/style")


def json_safe(data) -> str:
    """JSON for a <script type="application/json"> block: "<", ">" and "&" as \\u escapes
    (as the atlas page does), so that no text can end or confuse the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def share_geometries(bundles: list[dict]) -> dict[str, dict]:
    """Replace each map's inlined FeatureCollection by "geo:<key>" and return the contours by
    key: the same zones drawn by several steps are written once."""
    geometries = {}
    for bundle in bundles:
        for card in bundle["cartes"]:
            geometry = card["geometrie"]
            if not isinstance(geometry, dict):
                continue
            text = json.dumps(geometry, separators=(",", ":"))
            key = hashlib.sha256(text.encode()).hexdigest()[:16]
            geometries.setdefault(key, geometry)
            card["geometrie"] = GEOMETRY_PREFIX + key
    return geometries


@dataclass(frozen=True)
class HypothesisOut:
    hypothesis: Hypothesis
    changes: list
    steps: list
    indicators: list
    datasets: list


def hypotheses_out(scenario: Scenario) -> list[HypothesisOut]:
    """The hypotheses with their evidence and status history (oldest change first)."""
    hypotheses = (scenario.hypotheses.order_by("position", "pk")
                  .prefetch_related("changes__by", "steps", "indicators", "datasets"))
    return [HypothesisOut(h, list(h.changes.all()), sorted(h.steps.all(), key=lambda s: s.position),
                          list(h.indicators.all()), list(h.datasets.all())) for h in hypotheses]


def group_only(scenario: Scenario) -> bool:
    """Whether the file may only circulate inside the scenario's group."""
    if scenario.visibility in (Visibility.GROUP, Visibility.AUTHOR):
        return True
    return bool(export_refusal(scenario_blockers(scenario), for_group=False))


def export_context(scenario: Scenario, user, *, names: bool = True) -> dict:
    """What both exports show: steps, sources, hypotheses, the banner (`names`: people's
    names in the status history; a file made outside the group carries none)."""
    steps = list(scenario.steps.order_by("position", "pk"))
    return {"scenario": scenario, "steps": steps, "hypotheses": hypotheses_out(scenario),
            "exported_at": timezone.localtime(), "group_only": group_only(scenario),
            "names": names}


def scenario_offline_html(scenario: Scenario, user, *, names: bool = True) -> bytes:
    """The offline HTML file of `scenario`, its maps computed with `user`'s rights."""
    context = export_context(scenario, user, names=names)
    bundles = [step_bundle(step, user, inline_geometry=True) for step in context["steps"]]
    for step, bundle in zip(context["steps"], bundles, strict=True):
        step.bundle_cards = bundle["cartes"]
    geometries = share_geometries(bundles)
    sources = dict.fromkeys(card["source"] for b in bundles for card in b["cartes"]
                            if card["source"])
    scripts = {name: script_safe(static_text(path, required=name != "slides-js"))
               for name, path in SCRIPTS.items()}
    context.update({
        "sources": list(sources), "scripts": scripts,
        "styles": style_safe("\n".join(static_text(path) for path in STYLES)),
        "data_json": json_safe({"etapes": bundles, "geometries": geometries}),
    })
    return render_to_string("scenarios/offline.html", context).encode()


def export_audit(scenario: Scenario, fmt: str, *, request=None, actor: str = "",
                 file: str = "") -> int:
    """Write one audit event per indicator whose values leave in the file (as the atlas's
    exports record an indicator's values leaving); return how many."""
    from terreau.core.audit import audit_record
    from terreau.core.choices import AuditAction, AuditTarget
    from terreau.indicators.models import Indicator

    from .rules import step_indicator_slugs

    steps = list(scenario.steps.order_by("position", "pk"))
    used: dict[str, list[int]] = {}
    for step in steps:
        for slug in step_indicator_slugs(step):
            used.setdefault(slug, []).append(step.position)
    indicators = Indicator.objects.filter(slug__in=used).order_by("slug")
    for indicator in indicators:
        audit_record(action=AuditAction.EXPORT, target_type=AuditTarget.INDICATOR,
                     target_id=indicator.slug, target_label=indicator.label, request=request,
                     actor=actor, details={"format": f"scénario {fmt}",
                                           "scenario": scenario.slug,
                                           "steps": used[indicator.slug], "file": file})
    return len(indicators)
