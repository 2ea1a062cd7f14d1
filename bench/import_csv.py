"""`python -m bench.import_csv [rows] [file]`: write a realistic publications CSV for timing
`manage.py import_resources` (default 10,000 rows to bench/results/import_10000.csv).

Types, states and topics are those a fresh database holds after `make setup` (the seeded
publication types and the 50 states); topics are a fixed list, created on the first import.
The output is the same for the same row count, so a second import of it changes nothing.
"""

import csv
import datetime
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPES = ["Practice advisory", "Toolkit", "Report", "Know your rights", "Webinar", "Fact sheet"]
TOPICS = [
    "Asylum",
    "Detainers",
    "287(g)",
    "DACA",
    "Removal defense",
    "Crimmigration",
    "U visas",
    "T visas",
    "SIJS",
    "Naturalization",
    "Detention",
    "Public charge",
    "Family-based immigration",
    "TPS",
    "Sanctuary policies",
]
STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]
# A few counties by GEOID (Harris, Los Angeles, Cook, Maricopa, New York, Miami-Dade).
COUNTIES = ["48201", "06037", "17031", "04013", "36061", "12086"]
WORDS = [
    "immigration",
    "court",
    "removal",
    "proceedings",
    "relief",
    "detention",
    "bond",
    "hearing",
    "asylum",
    "seekers",
    "practice",
    "guide",
    "defense",
    "counsel",
    "local",
    "police",
    "cooperation",
    "federal",
    "agreement",
    "county",
    "sheriff",
    "rights",
    "community",
    "families",
    "children",
    "status",
    "adjustment",
    "consular",
    "processing",
]


def rows(count: int, types: list[str]):
    rng = random.Random(19)
    start = datetime.date(2000, 1, 1)
    for n in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9))).capitalize()
        yield {
            "title": f"{title} ({n + 1})",
            "type": rng.choice(types),
            "publication_date": (
                start + datetime.timedelta(days=rng.randint(0, 9000))
            ).isoformat(),
            "summary": " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) + ".",
            "topics": "; ".join(rng.sample(TOPICS, rng.randint(1, 4))),
            "language": "es" if rng.random() < 0.2 else "en",
            "url": f"https://example.org/library/{n + 1}" if rng.random() < 0.5 else "",
            "jurisdictions": "; ".join(
                rng.sample(STATES, rng.randint(0, 3)) + rng.sample(COUNTIES, rng.randint(0, 1))
            ),
        }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = (
        Path(sys.argv[2])
        if len(sys.argv) > 2
        else ROOT / "bench" / "results" / f"import_{count}.csv"
    )
    types = TYPES
    try:
        import os

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

        django.setup()
        from resources.models import ResourceType

        types = list(ResourceType.objects.values_list("name", flat=True)) or TYPES
    except Exception:  # noqa: BLE001 - without a database the fixed list is used
        pass
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(next(rows(1, types)).keys()))
        writer.writeheader()
        writer.writerows(rows(count, types))
    print(out)


if __name__ == "__main__":
    main()
