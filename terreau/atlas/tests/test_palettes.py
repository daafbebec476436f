"""ColorBrewer palettes, diverging palettes centred on a value, bivariate and missing colours."""

import re

import pytest

from terreau.atlas.palettes import (
    BIVARIATE_COLORS,
    BIVARIATE_LABELS,
    MAP_BACKGROUND,
    MISSING_COLOR,
    MISSING_OUTLINE,
    PALETTES,
    PaletteError,
    contrast_ratio,
    default_palette,
    diverging_colors,
    lab,
    palette_colors,
)

HEX = re.compile(r"^#[0-9a-f]{6}$")
SEQUENTIAL = [name for name, palette in PALETTES.items() if palette.kind == "sequential"]
DIVERGING = [name for name, palette in PALETTES.items() if palette.kind == "diverging"]


def lightness(color: str) -> float:
    return lab(color)[0]


def test_only_colour_blind_safe_colorbrewer_palettes():
    assert {"YlOrRd", "YlGnBu", "Blues", "Greens", "Purples", "Oranges", "OrRd", "PuBu",
            "BuGn"} <= set(SEQUENTIAL)
    assert set(DIVERGING) == {"RdBu", "PuOr", "BrBG", "PRGn", "RdYlBu", "PiYG"}
    # Not colour-blind safe, or grey like the zones without value:
    assert not {"RdYlGn", "Spectral", "RdGy", "Greys"} & set(PALETTES)


@pytest.mark.parametrize("name", list(PALETTES))
def test_every_palette_has_k_valid_colours(name):
    palette = PALETTES[name]
    assert palette.name == name and palette.label_fr and palette.kind in {"sequential",
                                                                           "diverging"}
    assert sorted(palette.colors) == list(range(3, 10))
    for k in range(3, 10):
        colors = palette_colors(name, k)
        assert len(colors) == k == len(set(colors))
        assert all(HEX.match(color) for color in colors)
        assert MISSING_COLOR not in colors
    assert len(palette_colors(name, 2)) == 2 and len(palette_colors(name, 1)) == 1


@pytest.mark.parametrize("name", SEQUENTIAL)
def test_sequential_palettes_go_from_light_to_dark(name):
    for k in range(3, 10):
        levels = [lightness(color) for color in palette_colors(name, k)]
        assert all(a > b for a, b in zip(levels, levels[1:], strict=False)), (name, k, levels)


@pytest.mark.parametrize("name", DIVERGING)
def test_diverging_palettes_are_lightest_in_the_middle(name):
    for k in range(3, 10):
        levels = [lightness(color) for color in palette_colors(name, k)]
        top = max(levels)
        middle = levels[(k - 1) // 2: k // 2 + 1]
        assert top in middle
        assert all(a < b for a, b in zip(levels[: k // 2], levels[1: k // 2], strict=False))


def test_known_colours_of_the_specification():
    assert palette_colors("YlOrRd", 3) == ["#ffeda0", "#feb24c", "#f03b20"]
    assert palette_colors("Blues", 9)[-1] == "#08306b"
    # RdBu is turned: blue (cool) for low values, red (warm) for high ones.
    assert palette_colors("RdBu", 3) == ["#67a9cf", "#f7f7f7", "#ef8a62"]
    assert palette_colors("PuOr", 3) == ["#998ec3", "#f7f7f7", "#f1a340"]


def test_diverging_centre_in_the_middle_is_the_plain_palette():
    assert diverging_colors("RdBu", [1, 2, 3, 4, 5], 2.5) == palette_colors("RdBu", 5)


def test_diverging_centre_off_the_middle():
    """Centre in the 2nd of 6 classes: 1 class below, neutral, 4 classes above."""
    colors = diverging_colors("RdBu", [1, 2, 3, 4, 5, 6], 1.5, minimum=0)
    nine = palette_colors("RdBu", 9)  # 4 steps each side of the neutral #f7f7f7
    assert colors == [nine[3], nine[4], nine[5], nine[6], nine[7], nine[8]]
    levels = [lightness(color) for color in colors]
    assert max(levels) == levels[1]
    assert levels[2] > levels[3] > levels[4] > levels[5]
    # Same step, same lightness on both sides.
    assert levels[0] == pytest.approx(levels[2], abs=3)


def test_diverging_centre_on_a_bound_takes_the_two_lightest():
    colors = diverging_colors("RdBu", [1, 2, 3, 4, 5], 2, minimum=0)
    six = palette_colors("RdBu", 6)
    assert colors == six[1:]  # two classes below, three above
    assert colors[1] == "#d1e5f0" and colors[2] == "#fddbc7"


def test_diverging_centre_far_from_the_middle_keeps_going_darker():
    colors = diverging_colors("PuOr", list(range(1, 10)), 1.5, minimum=0)  # 1 below, 7 above
    assert len(colors) == 9 and all(HEX.match(c) for c in colors)
    assert colors[1] == palette_colors("PuOr", 9)[4]  # neutral
    levels = [lightness(color) for color in colors[1:]]
    assert all(a > b for a, b in zip(levels, levels[1:], strict=False))
    assert colors[-1] == palette_colors("PuOr", 9)[-1]


def test_diverging_centre_outside_the_values():
    below = diverging_colors("RdBu", [1, 2, 3], -5, minimum=0)
    above = diverging_colors("RdBu", [1, 2, 3], 10, minimum=0)
    assert all(lab(c)[1] > 0 for c in below)  # all warm (a* > 0: red side)
    assert all(lab(c)[2] < 0 for c in above)  # all cool (b* < 0: blue side)
    assert [lightness(c) for c in below] == sorted(lightness(c) for c in below)[::-1]


def test_diverging_without_centre_or_sequential_palette():
    assert diverging_colors("RdBu", [1, 2, 3], None) == palette_colors("RdBu", 3)
    assert diverging_colors("Blues", [1, 2, 3], 2) == palette_colors("Blues", 3)


def test_unknown_palette_is_explained():
    with pytest.raises(PaletteError, match="^Palette inconnue : « Jet »"):
        palette_colors("Jet", 5)


def test_default_palette_follows_the_indicator_direction():
    assert default_palette("worse") == "YlOrRd"
    assert default_palette("better") == default_palette("neutral") == "YlGnBu"


def test_bivariate_scheme():
    assert len(BIVARIATE_COLORS) == 9 == len(set(BIVARIATE_COLORS))
    assert all(HEX.match(color) for color in BIVARIATE_COLORS)
    # Low-low is the lightest, high-high the darkest; each row and column darkens.
    levels = [lightness(color) for color in BIVARIATE_COLORS]
    assert levels[0] == max(levels) and levels[8] == min(levels)
    for row in range(3):
        assert levels[3 * row] > levels[3 * row + 1] > levels[3 * row + 2]
    assert set(BIVARIATE_LABELS) == {0, 2, 6, 8}
    assert BIVARIATE_LABELS[2].format(x="Chômage", y="Revenu") == \
        "Haut pour Chômage, bas pour Revenu"


def test_missing_zones_stand_apart():
    assert HEX.match(MISSING_COLOR) and HEX.match(MISSING_OUTLINE)
    assert contrast_ratio(MISSING_OUTLINE, MAP_BACKGROUND) >= 3  # WCAG non-text contrast
    assert contrast_ratio(MISSING_OUTLINE, MISSING_COLOR) >= 3
    a, b = lab(MISSING_COLOR)[1:]
    assert abs(a) < 1 and abs(b) < 1  # a neutral grey
