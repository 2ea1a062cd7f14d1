"""A synthetic catalog of any size, for benchmarks: realistic proportions, labelled as samples.

Publications get 1–4 of ~60 topics, 0–2 files (rows that all point to one small PDF stored
once), jurisdictions on 30 % of them, Spanish on 15 %, dates over twelve years, and titles,
summaries and bodies drawn from English and Spanish legal vocabulary with a skewed word
frequency, so a full-text search is as selective as on a real library.

With --policies, every county on every county-level map gets a published policy, so the map
features endpoint carries the whole country.
"""

import datetime
import random
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.publishing import Status
from demo.library import sample_pdf
from demo.maps import load_demo_maps
from jurisdictions.models import Jurisdiction
from maps.cache import invalidate_map
from maps.models import MapCategory, MapLevel, Policy, PolicyMap
from resources.models import Resource, ResourceFile, ResourceType, Topic

BATCH = 5000
SHARED_PDF = "bench/sample-publication.pdf"

# Relative frequency of each publication type in a real legal-resource library: many
# advisories and explainers, few toolkits and litigation documents.
TYPE_WEIGHTS = [40, 25, 12, 8, 6, 4, 3, 2]

EN_WORDS = [
    "immigration",
    "detainer",
    "county",
    "jail",
    "sheriff",
    "enforcement",
    "removal",
    "deportation",
    "hearing",
    "court",
    "judge",
    "attorney",
    "defence",
    "client",
    "family",
    "visa",
    "asylum",
    "refugee",
    "status",
    "permanent",
    "resident",
    "citizenship",
    "naturalization",
    "application",
    "petition",
    "waiver",
    "bond",
    "release",
    "custody",
    "hold",
    "warrant",
    "probable",
    "cause",
    "fourth",
    "amendment",
    "due",
    "process",
    "notice",
    "appeal",
    "board",
    "review",
    "criminal",
    "conviction",
    "offence",
    "plea",
    "sentence",
    "record",
    "expungement",
    "relief",
    "eligibility",
    "children",
    "parents",
    "workers",
    "labour",
    "employer",
    "wage",
    "rights",
    "know",
    "policy",
    "local",
    "state",
    "federal",
    "agreement",
    "287g",
    "program",
    "task",
    "force",
    "data",
    "records",
    "request",
    "transparency",
    "campaign",
    "community",
    "organising",
    "advocacy",
    "coalition",
    "guide",
    "toolkit",
    "advisory",
    "practice",
    "update",
    "decision",
    "ruling",
    "circuit",
    "supreme",
    "agency",
    "department",
    "homeland",
    "security",
    "customs",
    "border",
    "patrol",
    "officer",
    "arrest",
    "interview",
    "interpreter",
    "language",
    "access",
    "translation",
    "benefits",
    "health",
    "housing",
    "education",
    "school",
    "driver",
    "licence",
    "identification",
    "police",
    "cooperation",
    "sanctuary",
    "trust",
    "ordinance",
    "resolution",
    "legislation",
    "bill",
    "vote",
    "council",
    "board",
    "commissioners",
    "victims",
    "crime",
    "trafficking",
    "witness",
    "certification",
    "law",
    "enforcement",
    "prosecutor",
    "discretion",
    "humanitarian",
    "parole",
    "temporary",
    "protected",
    "daca",
    "dreamers",
    "youth",
    "juvenile",
    "detention",
    "centre",
    "facility",
    "conditions",
    "medical",
    "care",
    "access",
    "counsel",
    "representation",
    "pro",
    "bono",
    "clinic",
]

ES_WORDS = [
    "inmigración",
    "orden",
    "detención",
    "condado",
    "cárcel",
    "alguacil",
    "control",
    "migratorio",
    "deportación",
    "audiencia",
    "tribunal",
    "juez",
    "abogado",
    "defensa",
    "cliente",
    "familia",
    "visa",
    "asilo",
    "refugiado",
    "estatus",
    "residente",
    "permanente",
    "ciudadanía",
    "naturalización",
    "solicitud",
    "petición",
    "perdón",
    "fianza",
    "liberación",
    "custodia",
    "retención",
    "causa",
    "probable",
    "debido",
    "proceso",
    "aviso",
    "apelación",
    "junta",
    "revisión",
    "condena",
    "delito",
    "declaración",
    "sentencia",
    "antecedentes",
    "alivio",
    "elegibilidad",
    "niños",
    "padres",
    "trabajadores",
    "empleador",
    "salario",
    "derechos",
    "conozca",
    "política",
    "local",
    "estatal",
    "federal",
    "acuerdo",
    "programa",
    "datos",
    "registros",
    "transparencia",
    "campaña",
    "comunidad",
    "organización",
    "defensa",
    "coalición",
    "guía",
    "herramientas",
    "aviso",
    "práctico",
    "actualización",
    "decisión",
    "fallo",
    "agencia",
    "departamento",
    "seguridad",
    "nacional",
    "aduanas",
    "frontera",
    "patrulla",
    "oficial",
    "arresto",
    "entrevista",
    "intérprete",
    "acceso",
    "idioma",
    "traducción",
    "beneficios",
    "salud",
    "vivienda",
    "educación",
    "escuela",
    "licencia",
    "identificación",
    "policía",
    "cooperación",
    "santuario",
    "confianza",
    "ordenanza",
    "resolución",
    "legislación",
    "proyecto",
    "voto",
    "concejo",
    "víctimas",
    "trata",
    "testigo",
    "certificación",
    "fiscal",
    "discreción",
    "humanitaria",
    "permiso",
    "temporal",
    "protegido",
    "jóvenes",
    "menores",
    "centro",
    "condiciones",
    "atención",
    "médica",
    "representación",
    "clínica",
    "gratuita",
]

TITLE_PATTERNS_EN = [
    "{A} and {B}: what {C} advocates need to know",
    "Practice advisory on {A} {B}",
    "{A} in {C} cases: a guide for {D}",
    "Understanding {A} {B} after the {C} {D}",
    "{A}, {B} and {C}",
]
TITLE_PATTERNS_ES = [
    "{A} y {B}: lo que debe saber sobre {C}",
    "Aviso práctico sobre {A} {B}",
    "{A} en casos de {C}: guía para {D}",
    "Preguntas frecuentes sobre {A} y {B}",
]


def _zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** 0.9 for rank in range(n)]


STOPWORDS = {
    "en": [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "for",
        "is",
        "on",
        "that",
        "by",
        "with",
        "as",
        "be",
        "this",
        "are",
        "or",
        "from",
        "at",
        "an",
        "it",
    ],
    "es": [
        "el",
        "la",
        "de",
        "que",
        "y",
        "a",
        "en",
        "los",
        "se",
        "del",
        "las",
        "un",
        "por",
        "con",
        "no",
        "una",
        "su",
        "para",
        "es",
        "al",
        "lo",
    ],
}
GENERIC = {
    "en": [
        "law",
        "legal",
        "case",
        "rule",
        "information",
        "office",
        "person",
        "people",
        "service",
        "year",
        "time",
        "state",
    ],
    "es": [
        "ley",
        "legal",
        "caso",
        "regla",
        "información",
        "oficina",
        "persona",
        "gente",
        "servicio",
        "año",
        "tiempo",
    ],
}
# A word each document is about roughly 4 % of the time: what the benchmark searches for.
SEARCH_WORD = "asylum"


class Words:
    """Text like a real library's: each document is about a few subject words, drawn with a
    skewed frequency (a few common, many rare), among stop words and generic legal words,
    so a search for a subject word matches a few per cent of the catalog, not all of it."""

    def __init__(self, rng: random.Random, words: list[str], language: str):
        self.rng = rng
        self.words = words
        self.stop = STOPWORDS[language]
        self.generic = GENERIC[language]
        self.cum = []
        total = 0.0
        for weight in _zipf_weights(len(self.words)):
            total += weight
            self.cum.append(total)

    def keywords(self) -> list[str]:
        return list(
            dict.fromkeys(
                self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(3, 6))
            )
        )

    def sentence(self, keywords: list[str]) -> str:
        rng = self.rng
        tokens = []
        for _ in range(rng.randint(8, 16)):
            roll = rng.random()
            pool = self.stop if roll < 0.45 else keywords if roll < 0.65 else self.generic
            tokens.append(rng.choice(pool))
        return " ".join(tokens).capitalize() + "."

    def paragraph(self, keywords: list[str], sentences: int) -> str:
        return " ".join(self.sentence(keywords) for _ in range(sentences))


def ensure_topics(count: int) -> list[Topic]:
    topics = list(Topic.objects.all())
    existing = {topic.slug for topic in topics}
    rng = random.Random(60)  # noqa: S311 - reproducible, not secret
    new = []
    for number in range(len(topics), count):
        en, es = rng.choice(EN_WORDS), rng.choice(ES_WORDS)
        slug = f"bench-{number}-{en}"
        if slug in existing:
            continue
        name = f"{en.capitalize()} {number} (sample)"
        new.append(
            Topic(
                slug=slug,
                name=name,
                **{"name_en": name, "name_es": f"{es.capitalize()} {number} (muestra)"},
            )
        )
    Topic.objects.bulk_create(new)
    return list(Topic.objects.all())


def shared_pdf() -> tuple[str, int]:
    """The one PDF every synthetic file row points to, written to storage once."""
    if not default_storage.exists(SHARED_PDF):
        default_storage.save(SHARED_PDF, ContentFile(sample_pdf("Synthetic publication")))
    return SHARED_PDF, default_storage.size(SHARED_PDF)


def generate_catalog(*, size: int, seed: int = 7, stdout=None) -> int:
    """Add sample publications until the catalog holds `size` of them; returns how many."""
    have = Resource.objects.filter(is_sample=True, slug__startswith="bench-").count()
    if have >= size:
        return 0
    rng = random.Random(seed + have)  # noqa: S311 - reproducible, not secret
    types = list(ResourceType.objects.order_by("position", "id"))
    if not types:
        raise CommandError("No publication types: run migrate first.")
    type_weights = (TYPE_WEIGHTS + [1] * len(types))[: len(types)]
    topics = ensure_topics(60)
    jurisdiction_ids = list(Jurisdiction.objects.values_list("id", flat=True))
    pdf_name, pdf_size = shared_pdf()
    english, spanish = Words(rng, EN_WORDS, "en"), Words(rng, ES_WORDS, "es")
    today = datetime.date.today()
    span = 12 * 365
    TopicLink = Resource.topics.through
    PlaceLink = Resource.jurisdictions.through

    added = 0
    started = time.monotonic()
    while have + added < size:
        count = min(BATCH, size - have - added)
        batch = []
        for offset in range(count):
            number = have + added + offset
            is_spanish = rng.random() < 0.15
            words = spanish if is_spanish else english
            patterns = TITLE_PATTERNS_ES if is_spanish else TITLE_PATTERNS_EN
            keywords = words.keywords()
            a, b, c, d = (keywords * 4)[:4]
            title = rng.choice(patterns).format(A=a.capitalize(), B=b, C=c, D=d)
            published = today - datetime.timedelta(days=rng.randrange(span))
            status = Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT
            batch.append(
                Resource(
                    title=title,
                    slug=f"bench-{number}",
                    resource_type=rng.choices(types, weights=type_weights)[0],
                    publication_date=published,
                    summary=words.paragraph(keywords, 2),
                    body=words.paragraph(keywords, rng.randint(4, 10)),
                    language="es" if is_spanish else "en",
                    status=status,
                    is_sample=True,
                )
            )
        with transaction.atomic():
            created = Resource.objects.bulk_create(batch, batch_size=BATCH)
            topic_links, place_links, files = [], [], []
            for resource in created:
                for topic in rng.sample(topics, rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]):
                    topic_links.append(TopicLink(resource_id=resource.id, topic_id=topic.id))
                if jurisdiction_ids and rng.random() < 0.3:
                    for place in rng.sample(jurisdiction_ids, rng.choice([1, 1, 1, 2, 3])):
                        place_links.append(
                            PlaceLink(resource_id=resource.id, jurisdiction_id=place)
                        )
                for position in range(rng.choices([0, 1, 2], [20, 60, 20])[0]):
                    files.append(
                        ResourceFile(
                            resource_id=resource.id,
                            file=pdf_name,
                            label="PDF",
                            language=resource.language,
                            content_type="application/pdf",
                            size=pdf_size,
                            position=position,
                        )
                    )
            TopicLink.objects.bulk_create(topic_links, batch_size=BATCH * 2)
            PlaceLink.objects.bulk_create(place_links, batch_size=BATCH * 2)
            ResourceFile.objects.bulk_create(files, batch_size=BATCH * 2)
        added += count
        if stdout is not None:
            stdout.write(
                f"  {have + added} publications ({time.monotonic() - started:.0f} s)", ending="\r"
            )
    if stdout is not None:
        stdout.write("")
    return added


def bench_county_map() -> PolicyMap:
    """A published sample county map, for when no demo county map is installed."""
    (policy_map,) = PolicyMap.objects.bulk_create(
        [
            PolicyMap(
                slug="bench-county-policies",
                title="County jail cooperation with ICE (sample)",
                level=MapLevel.COUNTY,
                sample_data=True,
                is_published=True,
            )
        ]
    )
    MapCategory.objects.bulk_create(
        MapCategory(policy_map=policy_map, slug=slug, label=label, color=color, position=n)
        for n, (slug, label, color) in enumerate(
            [
                ("honours-detainers", "Honours detainers", "#b2182b"),
                ("limits-detainers", "Limits detainers", "#f4a582"),
                ("declines-detainers", "Declines detainers", "#2166ac"),
            ]
        )
    )
    return policy_map


@transaction.atomic
def policies_for_every_county(*, seed: int = 11) -> int:
    """A published policy for every county on every county-level map that has none yet."""
    rng = random.Random(seed)  # noqa: S311 - reproducible, not secret
    county_ids = list(Jurisdiction.objects.counties().values_list("id", flat=True))
    if county_ids and not PolicyMap.objects.filter(level=MapLevel.COUNTY).exists():
        bench_county_map()
    added = 0
    for policy_map in PolicyMap.objects.filter(level=MapLevel.COUNTY):
        categories = list(MapCategory.objects.filter(policy_map=policy_map))
        if not categories:
            continue
        placed = set(
            Policy.objects.filter(policy_map=policy_map).values_list("jurisdiction_id", flat=True)
        )
        new = [
            Policy(
                policy_map=policy_map,
                jurisdiction_id=county,
                category=rng.choice(categories),
                effective_date=datetime.date(2015, 1, 1)
                + datetime.timedelta(days=rng.randrange(3000)),
                summary="Synthetic policy for benchmarks (sample).",
                source_title="Sample source",
                source_url="https://example.org/sample-source",
                status=Status.PUBLISHED,
            )
            for county in county_ids
            if county not in placed
        ]
        Policy.objects.bulk_create(new, batch_size=BATCH)
        invalidate_map(policy_map.id)
        added += len(new)
    return added


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic sample catalog of the given size (for benchmarks). "
        "Existing synthetic items are kept, so running it again with a larger size tops up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, required=True, help="Publications wanted.")
        parser.add_argument(
            "--policies",
            action="store_true",
            help="Also load boundaries and demo maps when available, and give every county "
            "on every county map a policy.",
        )
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, size: int, policies: bool, seed: int, **options):
        if size < 0:
            raise CommandError("--size must be zero or more.")
        started = time.monotonic()
        if policies:
            commands = get_commands()
            if "load_boundaries" in commands and not Jurisdiction.objects.counties().exists():
                call_command("load_boundaries", verbosity=0)
            load_demo_maps()
        added = generate_catalog(size=size, seed=seed, stdout=self.stdout)
        self.stdout.write(
            f"Added {added} sample publications in {time.monotonic() - started:.1f} s."
        )
        if policies:
            placed = policies_for_every_county()
            self.stdout.write(f"Added {placed} county policies.")
