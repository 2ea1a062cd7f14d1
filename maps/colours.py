"""Whether a legend's colours can be told apart, from each other and from the map's background.

Two measures: the WCAG contrast ratio (a shape's fill against the white map, where 3:1 is the
guideline for graphical objects), and the CIE76 colour difference in CIELAB (under about 10,
two fills look alike at a glance, worse for colour-blind readers).
"""

from django.utils.translation import gettext as _

MAP_BACKGROUND = "#ffffff"
MIN_CONTRAST = 3.0
MIN_DIFFERENCE = 10.0


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def contrast_ratio(first: str, second: str) -> float:
    def luminance(colour):
        r, g, b = (_linear(c) for c in _rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _lab(colour: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def colour_difference(first: str, second: str) -> float:
    return sum((a - b) ** 2 for a, b in zip(_lab(first), _lab(second), strict=True)) ** 0.5


def legend_warnings(categories) -> list[str]:
    """What a map editor should know about a legend's colours; empty when all is well."""
    warnings = []
    for category in categories:
        ratio = contrast_ratio(category.color, MAP_BACKGROUND)
        if ratio < MIN_CONTRAST:
            warnings.append(
                _(
                    "“%(label)s” (%(colour)s) has a contrast of %(ratio).1f:1 against the white "
                    "map; below 3:1 its areas are hard to see."
                )
                % {"label": category.label, "colour": category.color, "ratio": ratio}
            )
    categories = list(categories)
    for i, first in enumerate(categories):
        for second in categories[i + 1 :]:
            if colour_difference(first.color, second.color) < MIN_DIFFERENCE:
                warnings.append(
                    _(
                        "“%(first)s” (%(first_colour)s) and “%(second)s” (%(second_colour)s) "
                        "look alike; pick colours readers can tell apart."
                    )
                    % {
                        "first": first.label,
                        "first_colour": first.color,
                        "second": second.label,
                        "second_colour": second.color,
                    }
                )
    return warnings
