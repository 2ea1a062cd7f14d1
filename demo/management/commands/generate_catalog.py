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
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from core.publishing import Status
from demo.library import sample_pdf
from demo.maps import load_demo_maps
from jurisdictions.models import Jurisdiction
from maps.cache import invalidate_map
from maps.models import MapCategory, MapLevel, Policy, PolicyMap
from resources.models import FacetTotal, Resource, ResourceType, Topic

BATCH = 5000
# From this many new publications on, a load drops the secondary indexes and builds them again.
LARGE_LOAD = 50_000
LOADED_TABLES = [
    "resources_resource",
    "resources_searchentry",
    "resources_resource_topics",
    "resources_resource_jurisdictions",
    "resources_resourcefile",
]
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
    """Add sample publications until the catalog holds `size` of them; returns how many.

    Rows are written with COPY, each publication after its links and files (its id is taken
    from the sequence first), so its row trigger sets topic_ids and topic_names in the insert
    and no link statement rewrites it. The publications' triggers all run; the facet totals
    they keep are checked against a count at the end.
    """
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
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        skip_link_checks = cursor.fetchone()[0]
        # The text the BEFORE trigger (resources 0010, 0011) gives each topic.
        cursor.execute("SELECT id, concat_ws(' ', name, name_en, name_es) FROM resources_topic")
        topic_text = dict(cursor.fetchall())

    # A large load runs in one transaction without the secondary indexes, built again at the
    # end: one sort per index instead of a million insertions into each.
    large = size - have >= LARGE_LOAD
    started = time.monotonic()
    with transaction.atomic() if large else nullcontext(), connection.cursor() as cursor:
        indexes = _drop_secondary_indexes(cursor) if large else []
        added = _load(
            size=size,
            have=have,
            rng=rng,
            types=types,
            type_weights=type_weights,
            topics=topics,
            topic_text=topic_text,
            jurisdiction_ids=jurisdiction_ids,
            pdf=(pdf_name, pdf_size),
            skip_link_checks=skip_link_checks,
            stdout=stdout,
        )
        phases = [("rows copied", time.monotonic())]
        if indexes:
            # The deferred foreign-key checks run now: an index is not built over pending ones.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for definition in indexes:
                cursor.execute(definition)
            phases.append((f"{len(indexes)} indexes built", time.monotonic()))
        check_facet_totals()
        phases.append(("facet totals checked", time.monotonic()))
    if stdout is not None:
        stdout.write("")
        stdout.write(
            "; ".join(
                f"{name} {end - start:.0f} s"
                for (name, end), (_, start) in zip(
                    phases, [("start", started), *phases[:-1]], strict=True
                )
            )
        )
    return added


@dataclass(frozen=True, slots=True)
class _Drawn:
    """One batch of publications as drawn, before the database gives them ids: each row's
    columns, its topics (sorted ids), its places and how many files it has."""

    rows: list[list]
    topic_ids: list[list[int]]
    places: list[list[int]]
    files: list[int]


def _load(
    *,
    size: int,
    have: int,
    rng: random.Random,
    types,
    type_weights,
    topics,
    topic_text: dict,
    jurisdiction_ids: list[int],
    pdf: tuple[str, int],
    skip_link_checks: bool,
    stdout,
) -> int:
    """The batches of a load, each in its own transaction (a savepoint inside a large load).

    The next batch is drawn in a second thread while the database inserts the current one:
    drawing the text is this process's work and indexing it the server's, so on two cores
    they overlap. One batch is drawn at a time, in order, so a seed still gives one catalog.
    """
    draw = partial(
        _draw,
        rng=rng,
        english=Words(rng, EN_WORDS, "en"),
        spanish=Words(rng, ES_WORDS, "es"),
        types=types,
        type_weights=type_weights,
        topics=topics,
        topic_text=topic_text,
        jurisdiction_ids=jurisdiction_ids,
        today=datetime.date.today(),
    )
    counts = [min(BATCH, size - have - done) for done in range(0, size - have, BATCH)]
    added = 0
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalog-draw") as pool:
        upcoming = pool.submit(draw, counts[0]) if counts else None
        for number, count in enumerate(counts):
            drawn = upcoming.result()
            if number + 1 < len(counts):
                upcoming = pool.submit(draw, counts[number + 1])
            _insert(drawn, first=have + added, pdf=pdf, skip_link_checks=skip_link_checks)
            added += count
            if stdout is not None:
                stdout.write(
                    f"  {have + added} publications ({time.monotonic() - started:.0f} s)",
                    ending="\r",
                )
    return added


def _draw(
    count: int,
    *,
    rng: random.Random,
    english: "Words",
    spanish: "Words",
    types,
    type_weights,
    topics,
    topic_text: dict,
    jurisdiction_ids: list[int],
    today: datetime.date,
) -> _Drawn:
    """`count` publications' columns, topics, places and files, drawn from `rng`."""
    span = 12 * 365
    rows = []
    for _offset in range(count):
        is_spanish = rng.random() < 0.15
        words = spanish if is_spanish else english
        patterns = TITLE_PATTERNS_ES if is_spanish else TITLE_PATTERNS_EN
        keywords = words.keywords()
        a, b, c, d = (keywords * 4)[:4]
        title = rng.choice(patterns).format(A=a.capitalize(), B=b, C=c, D=d)
        published = today - datetime.timedelta(days=rng.randrange(span))
        status = Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT
        rows.append(
            [
                title,
                rng.choices(types, weights=type_weights)[0].id,
                published,
                words.paragraph(keywords, 2),
                words.paragraph(keywords, rng.randint(4, 10)),
                "es" if is_spanish else "en",
                status,
            ]
        )
    drawn = _Drawn(rows=rows, topic_ids=[], places=[], files=[])
    for row in rows:
        chosen = rng.sample(topics, rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0])
        topic_ids = sorted(topic.id for topic in chosen)
        row += [topic_ids, " ".join(topic_text[pk] for pk in topic_ids)]
        drawn.topic_ids.append(topic_ids)
        places = []
        if jurisdiction_ids and rng.random() < 0.3:
            wanted = rng.choice([1, 1, 1, 2, 3])
            places = rng.sample(jurisdiction_ids, min(wanted, len(jurisdiction_ids)))
        drawn.places.append(places)
        drawn.files.append(rng.choices([0, 1, 2], [20, 60, 20])[0])
    return drawn


def _insert(drawn: _Drawn, *, first: int, pdf: tuple[str, int], skip_link_checks: bool) -> None:
    """One drawn batch into the database, with ids from the sequence and slugs numbered from
    `first`: links and files first, then the publications."""
    pdf_name, pdf_size = pdf
    ids = _new_ids(len(drawn.rows))
    topic_links, place_links, files = [], [], []
    for resource_id, row, topic_ids, places, file_count in zip(
        ids, drawn.rows, drawn.topic_ids, drawn.places, drawn.files, strict=True
    ):
        topic_links += [(resource_id, topic_id) for topic_id in topic_ids]
        place_links += [(resource_id, place) for place in places]
        files += [
            (
                resource_id,
                pdf_name,
                "PDF",
                row[5],
                "application/pdf",
                pdf_size,
                position,
                "pending",
                "",
            )
            for position in range(file_count)
        ]
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        # Links and files first, their publications not there yet: the links' triggers
        # would find no publication to update or count (the publication's own insert
        # does both, resources 0017), so for a superuser they and the foreign-key checks
        # are skipped; the ids are the sequence's, the places and topics read above.
        if skip_link_checks:
            cursor.execute("SET LOCAL session_replication_role = replica")
        _copy(cursor, "resources_resource_topics", ["resource_id", "topic_id"], topic_links)
        _copy(
            cursor,
            "resources_resource_jurisdictions",
            ["resource_id", "jurisdiction_id"],
            place_links,
        )
        _copy(cursor, "resources_resourcefile", FILE_COLUMNS, files)
        if skip_link_checks:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        # Every trigger of the publications runs, once per 5,000 rows for the statement
        # ones (search words, totals, whatever a later migration adds).
        _copy(
            cursor,
            "resources_resource",
            RESOURCE_COLUMNS,
            (
                [pk, f"bench-{first + n}", now, now, True, "", *row]
                for n, (pk, row) in enumerate(zip(ids, drawn.rows, strict=True))
            ),
        )


def _drop_secondary_indexes(cursor) -> list[str]:
    """Drop the indexes of the loaded tables that enforce nothing; returns their definitions."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [LOADED_TABLES],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in indexes]


RESOURCE_COLUMNS = [
    "id",
    "slug",
    "created",
    "updated",
    "is_sample",
    "external_url",
    "title",
    "resource_type_id",
    "publication_date",
    "summary",
    "body",
    "language",
    "status",
    "topic_ids",
    "topic_names",
]
FILE_COLUMNS = [
    "resource_id",
    "file",
    "label",
    "language",
    "content_type",
    "size",
    "position",
    "text_status",
    "text_source",
]


def _new_ids(count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('resources_resource', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    """COPY rows into a table through Django's connection (psycopg 3)."""
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def check_facet_totals() -> None:
    """Raise if a facet total differs from a count of the published publications."""
    published = Resource.objects.filter(status=Status.PUBLISHED)
    counted = {
        ("type", row["resource_type"]): row["n"]
        for row in published.values("resource_type").annotate(n=Count("id"))
    } | {
        ("topic", row["topics"]): row["n"]
        for row in published.filter(topics__isnull=False).values("topics").annotate(n=Count("id"))
    }
    stored = {
        (kind, object_id): total
        for kind, object_id, total in FacetTotal.objects.filter(published__gt=0).values_list(
            "kind", "object_id", "published"
        )
    }
    if stored != counted:
        wrong = sorted(set(stored.items()) ^ set(counted.items()))[:5]
        raise CommandError(f"Facet totals differ from a count after the load: {wrong}")


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
