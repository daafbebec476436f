"""Map colours: colour-blind-safe ColorBrewer palettes, diverging palettes centred on a value,
the 3 × 3 bivariate scheme and the colour of zones without value (no Django).

Colours run from the lowest class to the highest. Diverging palettes are turned so that the
classes below the centre take the cool side and those above it the warm side.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from terreau.atlas.colorbrewer import DIVERGING, SEQUENTIAL

MIN_COLORS, MAX_COLORS = 3, 9

# Zones without value: a light grey fill, distinct from every palette, and a darker grey for
# their outline or hatching: contrast 4.7:1 on the map background (#eef2ef), 3.4:1 on the fill.
MISSING_COLOR = "#cfcfcf"
MISSING_OUTLINE = "#6b6b6b"
MAP_BACKGROUND = "#eef2ef"

SEQUENTIAL_LABELS = {
    "YlOrRd": "Jaune – orange – rouge", "YlOrBr": "Jaune – orange – brun",
    "YlGnBu": "Jaune – vert – bleu", "YlGn": "Jaune – vert", "OrRd": "Orange – rouge",
    "PuBu": "Mauve – bleu", "PuBuGn": "Mauve – bleu – vert", "BuGn": "Bleu pâle – vert",
    "BuPu": "Bleu pâle – violet", "GnBu": "Vert – bleu", "PuRd": "Mauve – rouge",
    "RdPu": "Rose – violet", "Blues": "Bleus", "Greens": "Verts", "Oranges": "Oranges",
    "Purples": "Violets", "Reds": "Rouges",
}
# Diverging: French label from the low (cool) end to the high (warm) end, and whether the
# specification lists the warm end first (then the colours are reversed).
DIVERGING_LABELS = {
    "RdBu": ("Bleu – blanc – rouge", True), "PuOr": ("Violet – blanc – orange", False),
    "BrBG": ("Vert bleu – blanc – brun", True), "PRGn": ("Vert – blanc – violet", True),
    "RdYlBu": ("Bleu – jaune – rouge", True), "PiYG": ("Vert – blanc – rose", True),
}


@dataclass(frozen=True)
class Palette:
    name: str
    label_fr: str
    kind: str  # "sequential" | "diverging"
    colors: dict[int, tuple[str, ...]]  # number of classes (3..9) → "#rrggbb", low → high


def _palettes() -> dict[str, Palette]:
    def parse(text: str, reverse: bool = False) -> tuple[str, ...]:
        colors = tuple(f"#{code}" for code in text.split())
        return colors[::-1] if reverse else colors

    palettes = {name: Palette(name, SEQUENTIAL_LABELS[name], "sequential",
                              {k: parse(text) for k, text in sizes.items()})
                for name, sizes in SEQUENTIAL.items()}
    for name, sizes in DIVERGING.items():
        label, reverse = DIVERGING_LABELS[name]
        palettes[name] = Palette(name, label, "diverging",
                                 {k: parse(text, reverse) for k, text in sizes.items()})
    return palettes


PALETTES = _palettes()

# Joshua Stevens' blue-pink bivariate scheme; index = 3 * y_class + x_class (0 = low).
BIVARIATE_COLORS = ("#e8e8e8", "#ace4e4", "#5ac8c8",
                    "#dfb0d6", "#a5add3", "#5698b9",
                    "#be64ac", "#8c62aa", "#3b4994")
# Legend corners of the bivariate map ({x}, {y}: the two indicators' labels).
BIVARIATE_LABELS = {
    0: "Bas pour les deux", 2: "Haut pour {x}, bas pour {y}",
    6: "Bas pour {x}, haut pour {y}", 8: "Haut pour les deux",
}


class PaletteError(ValueError):
    """Unknown palette; str(error) is a French sentence."""


def palette_get(name: str) -> Palette:
    try:
        return PALETTES[name]
    except KeyError:
        raise PaletteError(f"Palette inconnue : « {name} ». Palettes possibles : "
                           f"{', '.join(PALETTES)}.") from None


def default_palette(direction: str) -> str:
    """Return the default palette of an indicator whose direction is worse/better/neutral."""
    return "YlOrRd" if direction == "worse" else "YlGnBu"


def palette_colors(name: str, k: int) -> list[str]:
    """Return the k colours of a palette, low → high (k < 3 takes from the 3-class palette)."""
    palette = palette_get(name)
    if k >= MIN_COLORS:
        return list(palette.colors[min(k, MAX_COLORS)])
    three = palette.colors[3]
    return [three[1]] if k == 1 else [three[0], three[2]]


def diverging_colors(name: str, breaks: Sequence[float], center: float | None,
                     minimum: float | None = None) -> list[str]:
    """Return one colour per class so that the centre lands on the palette's neutral middle.

    `breaks`: upper bounds of the classes; `minimum`: lower bound of the first class. The
    class containing `center` gets the neutral colour; when `center` is exactly a bound, the
    two classes around it get the two lightest colours. Classes below take the cool side,
    classes above the warm side, one step darker per class away from the centre, with the
    same steps on both sides even when the centre is far from the middle. A sequential
    palette, or no centre, gives palette_colors().
    """
    k = len(breaks)
    palette = palette_get(name)
    if palette.kind != "diverging" or center is None or not math.isfinite(center) or k == 0:
        return palette_colors(name, k)
    bounds = np.asarray(breaks, dtype=np.float64)
    if minimum is not None and center < minimum:
        below, neutral = 0, False  # every class above the centre
    else:
        index = int(np.searchsorted(bounds, center, side="left"))
        if index >= k:
            below, neutral = k, False
        elif bounds[index] == center and index < k - 1:
            below, neutral = index + 1, False
        else:
            below, neutral = index, True
    above = k - below - neutral
    steps = max(below, above)
    cool, middle, warm = _sides(palette, steps, neutral)
    return [*reversed(cool[:below]), *([middle] if neutral else []), *warm[:above]]


def _sides(palette: Palette, steps: int, neutral: bool) -> tuple[list[str], str, list[str]]:
    """Return (cool side, neutral, warm side), each side `steps` colours from the centre out."""
    size = 2 * steps + neutral
    if MIN_COLORS <= size <= MAX_COLORS:
        colors = palette.colors[size]
        return list(colors[:steps][::-1]), colors[steps] if neutral else "", \
            list(colors[size - steps:])
    nine = palette.colors[MAX_COLORS]
    cool_ramp, warm_ramp = list(nine[:5][::-1]), list(nine[4:])  # from the neutral out
    # The outermost step is the darkest colour; without a neutral class the first step sits
    # half a step away from the centre, as in ColorBrewer's even palettes.
    offset = 0.0 if neutral else 0.5
    positions = [(step + 1 - offset) / (steps - offset) for step in range(steps)]
    return ([_along(cool_ramp, t) for t in positions], nine[4] if neutral else "",
            [_along(warm_ramp, t) for t in positions])


def _along(ramp: list[str], position: float) -> str:
    """Return the colour at `position` (0..1) along a ramp, interpolated in CIELAB."""
    scaled = min(max(position, 0.0), 1.0) * (len(ramp) - 1)
    low = min(int(scaled), len(ramp) - 2)
    fraction = scaled - low
    start, end = lab(ramp[low]), lab(ramp[low + 1])
    return _hex_from_lab(tuple(a + (b - a) * fraction for a, b in zip(start, end, strict=True)))


# Colour science helpers (sRGB, D65)

_WHITE = (0.95047, 1.0, 1.08883)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    r, g, b = (_linear(int(color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lab(color: str) -> tuple[float, float, float]:
    """Return the CIELAB (L*, a*, b*) of "#rrggbb"."""
    r, g, b = (_linear(int(color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b)
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
                  for t in (v / w for v, w in zip(xyz, _WHITE, strict=True)))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _hex_from_lab(value: tuple[float, float, float]) -> str:
    lightness, a, b = value
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200
    x, y, z = (w * (f ** 3 if f ** 3 > 216 / 24389 else (116 * f - 16) / (24389 / 27))
               for f, w in zip((fx, fy, fz), _WHITE, strict=True))
    linear = (3.2406 * x - 1.5372 * y - 0.4986 * z, -0.9689 * x + 1.8758 * y + 0.0415 * z,
              0.0557 * x - 0.2040 * y + 1.0570 * z)
    channels = []
    for channel in linear:
        channel = min(max(channel, 0.0), 1.0)
        channel = channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055
        channels.append(round(channel * 255))
    return "#" + "".join(f"{c:02x}" for c in channels)
