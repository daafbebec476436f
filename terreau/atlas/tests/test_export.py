"""Export of the map as SVG and PNG: same classification as /carte, title, legend, source."""

import json
import re

import pytest
from django.urls import reverse

from terreau.core.choices import AuditAction
from terreau.core.models import AuditEvent

SVG = "/atlas/export.svg"
PNG = "/atlas/export.png"


def texts_of(svg: str) -> str:
    """The visible texts of an SVG (vl-convert writes each as a <text> element)."""
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)).replace("&apos;", "'")


def test_the_svg_has_title_legend_source_date_and_licence(member_api, atlas_indicators):
    response = member_api.get(SVG, {"indicateur": "chomage", "dans": "37"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == (
        'attachment; filename="carte-chomage-communes-indre-et-loire-2018.svg"')
    svg = response.content.decode()
    assert svg.startswith("<svg")
    text = texts_of(svg)
    assert "Taux de chômage" in text
    assert "Communes : Indre-et-Loire · 2018 · Quantiles (effectifs égaux)" in text
    assert "Source : Comparateur (comparateur)" in text
    assert "Licence : Licence Ouverte / Etalab 2.0" in text
    assert "Carte produite le" in text and "avec Terreau" in text
    carte = member_api.get("/api/v1/atlas/carte", {"indicateur": "chomage", "dans": "37"}).json()
    assert carte["classification"]["manquantes"] == 0 and "sans valeur" not in text
    for count in carte["classification"]["effectifs"]:
        assert f"({count} communes)" in text
    for colour in carte["classification"]["couleurs"]:
        assert colour in svg


def test_the_png_is_an_image(member_api, atlas_indicators):
    response = member_api.get(PNG, {"indicateur": "population", "dans": "37", "classes": "4",
                                    "palette": "Blues"})
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert response["Content-Disposition"].endswith('.png"')


def test_symbols_are_drawn_as_circles(member_api, atlas_indicators):
    plain = member_api.get(SVG, {"indicateur": "chomage", "dans": "37"}).content.decode()
    with_circles = member_api.get(SVG, {"indicateur": "chomage", "dans": "37",
                                        "symboles": "population"}).content.decode()
    assert "Population (2018)" in texts_of(with_circles)
    assert with_circles.count("<path") > plain.count("<path") + 250


def test_each_export_is_audited(member_api, atlas_indicators):
    member_api.get(SVG, {"indicateur": "chomage", "dans": "37"})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.target_id == "chomage"
    assert event.details["format"] == "svg" and event.details["rows"] == 272


@pytest.mark.parametrize("params, status, words", [
    ({"indicateur": "inconnu"}, 404, "Indicateur introuvable : « inconnu »."),
    ({"indicateur": "chomage", "classes": "2"}, 400, "Paramètre « classes »"),
    ({"indicateur": "chomage", "niveau": "iris", "dans": "commune:37261"}, 409,
     "n'a pas de données au niveau « IRIS »"),
    ({"indicateur": "chomage", "bornes": "5,10,150"}, 409, "Le seuil 150 est en dehors"),
    ({"indicateur": "chomage", "symboles": "revenu-median"}, 400, "Paramètre « symboles »"),
])
def test_bad_exports_explain_themselves(member_api, atlas_indicators, params, status, words):
    response = member_api.get(SVG, params)
    assert response.status_code == status
    assert words in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_group_data_for_its_group_restricted_data_never(client, chomage_groupe,
                                                        chomage_restreint, tours_member,
                                                        steward, outsider):
    client.force_login(tours_member)
    assert client.get(SVG, {"indicateur": "chomage-tours", "dans": "37"}).status_code == 200
    client.force_login(outsider)
    assert client.get(SVG, {"indicateur": "chomage-tours", "dans": "37"}).status_code == 404
    client.force_login(steward)
    refused = client.get(SVG, {"indicateur": "chomage-restreint", "dans": "37"})
    assert refused.status_code == 409 and "données restreintes" in refused.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, atlas_indicators):
    response = client.get(SVG, {"indicateur": "chomage"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_zones_without_value_are_counted_in_the_legend(member_api, cher_communes,
                                                        atlas_indicators):
    svg = member_api.get(SVG, {"indicateur": "revenu-median", "dans": "18"}).content.decode()
    carte = member_api.get("/api/v1/atlas/carte", {"indicateur": "revenu-median",
                                                  "dans": "18"}).json()
    missing = carte["classification"]["manquantes"]
    assert missing > 0 and f"sans valeur  ({missing} communes)" in texts_of(svg)


def test_a_zone_drawn_anticlockwise_is_still_drawn_as_itself(cvl_zones, tours_member):
    """Some real files (2 of the 1,776 communes of Centre-Val de Loire) turn their outer rings
    anticlockwise; the static map would then fill the whole world except the zone."""
    import shapely

    from terreau.atlas.exports import _features
    from terreau.atlas.params import MapParams
    from terreau.territory.models import Zone

    tours = Zone.objects.get(level="commune", code="37261")
    anticlockwise = shapely.orient_polygons(shapely.from_geojson(tours.display),
                                            exterior_cw=False)
    Zone.objects.filter(pk=tours.pk).update(display=shapely.to_geojson(anticlockwise))
    features = _features(MapParams(level="commune", within="37"), tours_member)
    assert len(features) == 272
    drawn = shapely.from_geojson([json.dumps(f["geometry"]) for f in features])
    rings = [shapely.get_exterior_ring(p) for g in drawn for p in shapely.get_parts(g)]
    assert not any(shapely.is_ccw(ring) for ring in rings)
    assert next(f for f in features if f["properties"]["code"] == "37261")
