"""`python -m bench.search_queries`: write bench/search_queries.txt, the 1,000 library searches
the mixed workload types, from a vocabulary of immigration-law terms, places and topic words.

The queries are what practitioners type: a term ("bond hearing"), a term with a place
("287(g) Harris County"), a term with a topic word ("detainer advisory"), a question
("how to get a u visa certification"), some in Spanish. The list is fixed by a seed and
committed, so every run of the bench searches for the same things.
"""

import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "search_queries.txt"
COUNT = 1000

TERMS = [
    "detainer",
    "ice hold",
    "immigration hold",
    "287(g)",
    "287g agreement",
    "secure communities",
    "bond hearing",
    "custody redetermination",
    "removal defense",
    "cancellation of removal",
    "asylum",
    "asylum one year deadline",
    "withholding of removal",
    "convention against torture",
    "credible fear",
    "expedited removal",
    "u visa",
    "u visa certification",
    "t visa",
    "vawa self petition",
    "sijs",
    "special immigrant juvenile",
    "daca",
    "daca renewal",
    "advance parole",
    "tps",
    "temporary protected status",
    "public charge",
    "naturalization",
    "citizenship application",
    "green card",
    "adjustment of status",
    "consular processing",
    "unlawful presence bar",
    "i-601a waiver",
    "crimmigration",
    "padilla advisal",
    "plea immigration consequences",
    "aggravated felony",
    "crime involving moral turpitude",
    "controlled substance offense",
    "domestic violence conviction",
    "expungement",
    "post conviction relief",
    "sanctuary policy",
    "trust act",
    "sanctuary ordinance",
    "jail notification",
    "ice access to jails",
    "courthouse arrests",
    "know your rights",
    "home raid",
    "workplace raid",
    "motion to reopen",
    "stay of removal",
    "notice to appear",
    "in absentia order",
    "prosecutorial discretion",
    "parole in place",
    "immigration detention conditions",
    "detention medical care",
    "foia request ice",
    "records request sheriff",
    "language access",
    "interpreter in court",
    "driver licence undocumented",
    "police cooperation ice",
    "fourth amendment detainer",
    "probable cause warrant",
    "immigration judge bond",
    "board of immigration appeals",
    "circuit court decision",
    "family separation",
    "unaccompanied children",
    "juvenile court findings",
]
TERMS_ES = [
    "orden de detención",
    "conozca sus derechos",
    "asilo",
    "visa u",
    "fianza de inmigración",
    "deportación",
    "acción diferida",
    "residencia permanente",
    "ciudadanía",
    "carga pública",
    "santuario",
    "alguacil y ice",
    "audiencia de fianza",
    "defensa contra la deportación",
    "menores no acompañados",
]
PLACES = [
    "Texas",
    "California",
    "Florida",
    "New York",
    "Illinois",
    "Arizona",
    "Georgia",
    "North Carolina",
    "New Jersey",
    "Washington",
    "Colorado",
    "Massachusetts",
    "Oregon",
    "Nevada",
    "Pennsylvania",
    "Virginia",
    "Harris County",
    "Los Angeles County",
    "Cook County",
    "Maricopa County",
    "Miami-Dade",
    "Dallas County",
    "King County",
    "Travis County",
    "Gwinnett County",
    "Mecklenburg County",
    "Orange County",
    "San Diego County",
    "Bexar County",
    "Denver",
    "Houston",
    "Chicago",
    "Atlanta",
    "Phoenix",
    "El Paso",
]
TOPIC_WORDS = [
    "advisory",
    "practice advisory",
    "toolkit",
    "fact sheet",
    "report",
    "webinar",
    "faq",
    "guide",
    "template",
    "sample motion",
    "checklist",
    "training",
    "policy",
    "case law",
    "2019",
    "2021",
    "2023",
    "update",
]
QUESTIONS = [
    "how to challenge a {term}",
    "how to request a {term}",
    "what is {term}",
    "is {term} required in {place}",
    "does {place} honor {term}",
]


def queries(count: int = COUNT, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible, not secret
    seen: dict[str, None] = {}
    shapes = [
        (30, lambda: rng.choice(TERMS)),
        (20, lambda: f"{rng.choice(TERMS)} {rng.choice(PLACES)}"),
        (10, lambda: f"{rng.choice(PLACES)} {rng.choice(TERMS)}"),
        (15, lambda: f"{rng.choice(TERMS)} {rng.choice(TOPIC_WORDS)}"),
        (8, lambda: rng.choice(TERMS_ES)),
        (5, lambda: f"{rng.choice(TERMS_ES)} {rng.choice(PLACES)}"),
        (
            7,
            lambda: rng.choice(QUESTIONS).format(term=rng.choice(TERMS), place=rng.choice(PLACES)),
        ),
        (5, lambda: f"{rng.choice(TERMS)} {rng.choice(TERMS).split()[0]}"),
    ]
    weights = [weight for weight, _ in shapes]
    while len(seen) < count:
        make = rng.choices([shape for _, shape in shapes], weights)[0]
        query = make()
        # Some typed in capitals or with a stray space, as people do.
        if rng.random() < 0.1:
            query = query.title()
        seen.setdefault(query.strip(), None)
    return list(seen)[:count]


def main() -> None:
    OUT.write_text("\n".join(queries()) + "\n", encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    main()
