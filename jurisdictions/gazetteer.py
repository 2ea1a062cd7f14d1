"""US cities and towns from GeoNames (CC BY 4.0): a place name in a state → its county and point.

The extract and its attribution are in jurisdictions/data/geonames/ (see PROVENANCE.md there).
"""

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

PLACES_FILE = Path(__file__).resolve().parent / "data" / "geonames" / "us-places.tsv"
ATTRIBUTION = "Contains data from GeoNames (www.geonames.org), CC BY 4.0."


@dataclass(frozen=True)
class Place:
    name: str
    state: str
    county_geoid: str
    lat: float
    lng: float


def place_key(name: str) -> str:
    """A place name as compared: no accents, case or punctuation; “St.” is “Saint”."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\bst\b\.?", "saint", text)
    text = re.sub(r"\bft\b\.?", "fort", text)
    text = re.sub(r"\bmt\b\.?", "mount", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@functools.cache
def _index() -> dict[tuple[str, str], tuple[Place, ...]]:
    index: dict[tuple[str, str], list[Place]] = {}
    with PLACES_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            place = Place(
                row["name"],
                row["state"],
                row["county_geoid"],
                float(row["lat"]),
                float(row["lng"]),
            )
            index.setdefault((place.state, place_key(place.name)), []).append(place)
    return {key: tuple(places) for key, places in index.items()}


def find_places(state: str, name: str) -> tuple[Place, ...]:
    """Every place of that name in the state (postal code); several when the name is shared."""
    return _index().get((state.upper(), place_key(name)), ())
