"""The actions as GeoJSON for the map of /actions/: each zone of an action drawn with the
territory's display geometry (Zone.display, simplified for maps), and a point at the zone's
centre (the directory's zone_centres: a point inside the zone, its parent's for an IRIS
without contour) so that small zones and zones without contour still show the action.

Properties are plain text (titles are the members' text: the map script writes them as text,
never as HTML).
"""

import json

from django.urls import reverse

from terreau.directory.skills_places import zone_centres

from .models import Action
from .queries import action_is_own_group

PRECISION = 5  # decimals of the points' coordinates (about 1 m)
MARGIN_DEGREES = 0.02


def _properties(action: Action, zone, own: bool) -> dict:
    return {"slug": action.slug, "titre": action.title, "url": action.get_absolute_url(),
            "etat": action.status, "etat_libelle": action.get_status_display(),
            "mene_par": action.led_by, "groupe": action.group.name, "du_groupe": own,
            "zone": zone.name, "zone_code": zone.code}


def actions_geojson(actions, user) -> dict:
    """`actions` (a queryset) as a FeatureCollection: per action and zone, a polygon
    (when the zone has a contour) and a point. `kind` says which ("zone" or "point")."""
    actions = list(actions.prefetch_related("zones").select_related("group"))
    zone_ids = {zone.pk for action in actions for zone in action.zones.all()}
    centres = zone_centres(zone_ids) if zone_ids else {}
    shapes = {}
    features = []
    for action in actions:
        own = action_is_own_group(user, action)
        for zone in action.zones.all():
            properties = _properties(action, zone, own)
            if zone.display:
                if zone.pk not in shapes:
                    shapes[zone.pk] = json.loads(zone.display)
                features.append({"type": "Feature", "id": len(features),
                                 "geometry": shapes[zone.pk],
                                 "properties": {**properties, "kind": "zone"}})
            if zone.pk in centres:
                lon, lat = centres[zone.pk]
                features.append({"type": "Feature", "id": len(features),
                                 "geometry": {"type": "Point", "coordinates": [
                                     round(lon, PRECISION), round(lat, PRECISION)]},
                                 "properties": {**properties, "kind": "point"}})
    return {"type": "FeatureCollection", "features": features}


def bbox_of(actions) -> list[float] | None:
    """The box around the actions' zones (stored bounding boxes), with a small margin."""
    boxes = [zone.bbox for action in actions for zone in action.zones.all() if zone.bbox]
    if not boxes:
        return None
    return [min(b[0] for b in boxes) - MARGIN_DEGREES, min(b[1] for b in boxes) - MARGIN_DEGREES,
            max(b[2] for b in boxes) + MARGIN_DEGREES, max(b[3] for b in boxes) + MARGIN_DEGREES]


def map_data_url(query_string: str) -> str:
    url = reverse("actions:map_data")
    return f"{url}?{query_string}" if query_string else url
