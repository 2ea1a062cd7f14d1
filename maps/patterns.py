"""Patterns that tell a map's categories apart without colour: each legend entry gets its own
marks (dots, stripes, hatching) drawn over its colour, on the map and in the legend, and
"No policy" alone is plain, so a reader who cannot tell the colours apart can still match a
place to its entry."""

from dataclasses import dataclass

# In legend order; "No policy" is the only plain, unmarked entry.
PATTERNS = ["dots", "diagonal", "horizontal", "crosshatch", "vertical", "reverse"]

# CSS for a legend swatch, drawing the same marks as the SVG pattern on the map.
SWATCH_CSS = {
    "diagonal": "repeating-linear-gradient(45deg, {mark} 0 2px, transparent 2px 5px)",
    "reverse": "repeating-linear-gradient(-45deg, {mark} 0 2px, transparent 2px 5px)",
    "horizontal": "repeating-linear-gradient(0deg, {mark} 0 2px, transparent 2px 5px)",
    "vertical": "repeating-linear-gradient(90deg, {mark} 0 2px, transparent 2px 5px)",
    "crosshatch": (
        "repeating-linear-gradient(45deg, {mark} 0 1.5px, transparent 1.5px 5px), "
        "repeating-linear-gradient(-45deg, {mark} 0 1.5px, transparent 1.5px 5px)"
    ),
    "dots": "radial-gradient({mark} 1.3px, transparent 1.6px)",
}


@dataclass
class Look:
    pattern: str
    mark: str  # the colour of the marks: white on a dark colour, near-black on a light one

    def swatch_style(self, color: str) -> str:
        style = f"background-color: {color};"
        image = SWATCH_CSS[self.pattern].format(mark=self.mark)
        style += f" background-image: {image};"
        if self.pattern == "dots":
            style += " background-size: 5px 5px;"
        return style


def _mark(color: str) -> str:
    try:
        red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    except (TypeError, ValueError):
        return "rgba(0, 0, 0, .55)"
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "rgba(255, 255, 255, .85)" if luminance < 140 else "rgba(0, 0, 0, .55)"


def category_looks(categories) -> dict[str, Look]:
    """slug -> Look for the categories in legend order (a map with more categories than
    patterns repeats them, each repeat on a different colour)."""
    return {
        category.slug: Look(PATTERNS[index % len(PATTERNS)], _mark(category.color))
        for index, category in enumerate(categories)
    }


def annotate(categories) -> dict:
    """Set `pattern` and `swatch_style` on each category; return the map script's config."""
    looks = category_looks(categories)
    for category in categories:
        look = looks[category.slug]
        category.pattern = look.pattern
        category.swatch_style = look.swatch_style(category.color)
    return {
        slug: {"pattern": look.pattern, "mark": look.mark, "color": category.color}
        for category in categories
        for slug, look in [(category.slug, looks[category.slug])]
    }
