"""The three demonstration maps: real state laws with their sources, ICE's real 287(g) lists,
and labelled sample detainer data.

Detainer policies here are invented for illustration: their map carries the sample-data
flag, every summary starts with "Sample data" and every source points to example.org. Nothing
invented is attached to a real place as if it were true. The 287(g) map is ICE's published
lists (maps/data/ice-287g/), imported as staff would import them.
"""

import datetime
import random

from django.db import transaction
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from core.publishing import Status
from jurisdictions.models import Jurisdiction, Level
from maps.cache import invalidate_map
from maps.ice287g import DATA_DIR, agreements_import, list_date_from_name, read_list
from maps.models import MapCategory, MapLevel, Policy, PolicyMap

# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
BLUE, SKY, GREEN, PURPLE, VERMILION, ORANGE, GREY = (
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#E69F00",
    "#BBBBBB",
)

MAPS = [
    {
        "slug": "state-enforcement-laws",
        "level": MapLevel.STATE,
        "show_agencies": False,
        "sample_data": False,
        "position": 1,
        "title": (
            "State laws on immigration enforcement",
            "Leyes estatales sobre control migratorio",
        ),
        "description": (
            "State laws that limit or mandate the involvement of state and local agencies in "
            "federal immigration enforcement: what these policies do, where they are, where they "
            "aren't, and what is left open.",
            "Leyes estatales que limitan u obligan la participación de las agencias estatales y "
            "locales en el control migratorio federal: qué hacen, dónde existen, dónde no y qué "
            "queda abierto.",
        ),
        "methodology": (
            "Each state is placed by its statute or bill as enacted, linked to the official "
            "legislature page. The effective date is the day the law took effect. States without "
            "a policy on this map have not yet been reviewed; a missing state does not mean it "
            "has no law.",
            "Cada estado se clasifica según su ley tal como fue aprobada, con enlace a la página "
            "oficial de la legislatura. La fecha de vigencia es el día en que la ley entró en "
            "vigor. Los estados sin política en este mapa aún no han sido revisados; su ausencia "
            "no significa que no tengan ley.",
        ),
        "categories": [
            (
                "limits-cooperation",
                BLUE,
                ("Limits cooperation", "Limita la cooperación"),
                (
                    "State law limits state and local involvement in immigration enforcement.",
                    "La ley estatal limita la participación estatal y local en el control "
                    "migratorio.",
                ),
            ),
            (
                "mandates-cooperation",
                VERMILION,
                ("Mandates cooperation", "Obliga a cooperar"),
                (
                    "State law requires state and local agencies to assist immigration "
                    "enforcement.",
                    "La ley estatal obliga a las agencias estatales y locales a colaborar con el "
                    "control migratorio.",
                ),
            ),
            (
                "no-statewide-law",
                GREY,
                ("No statewide law", "Sin ley estatal"),
                (
                    "No statewide law either limits or mandates cooperation.",
                    "Ninguna ley estatal limita ni obliga la cooperación.",
                ),
            ),
        ],
    },
    {
        "slug": "detainer-policies",
        "level": MapLevel.COUNTY,
        "show_agencies": False,
        "sample_data": True,
        "position": 2,
        "title": (
            "Detainer policies (sample data)",
            "Políticas sobre detainers (datos de muestra)",
        ),
        "description": (
            "Whether local jails honour ICE detainer requests (“holds”) to keep a person for "
            "extra time for transfer to ICE. This demonstration map shows sample data, not the "
            "real policy of any county.",
            "Si las cárceles locales cumplen las solicitudes de detención (“holds”) de ICE para "
            "retener a una persona más tiempo y entregarla a ICE. Este mapa de demostración "
            "muestra datos de muestra, no la política real de ningún condado.",
        ),
        "methodology": (
            "Sample data generated for demonstration. A real map would place each county by the "
            "jail's written policy, a sheriff's memo, an ordinance, a court order or a "
            "public-records response, and link to it.",
            "Datos de muestra generados para la demostración. Un mapa real clasificaría cada "
            "condado según la política escrita de la cárcel, un memorando del alguacil, una "
            "ordenanza, una orden judicial o una respuesta a una solicitud de registros "
            "públicos, con enlace a la fuente.",
        ),
        "categories": [
            (
                "hold-policy",
                SKY,
                ("ICE hold policy", "Política sobre detenciones de ICE"),
                (
                    "Will not comply with some or all requests to detain a person for extra time "
                    "for transfer to ICE.",
                    "No cumple algunas o todas las solicitudes de retener a una persona más "
                    "tiempo para entregarla a ICE.",
                ),
            ),
            (
                "no-holds-no-access",
                GREEN,
                ("No ICE holds; no ICE access", "Sin detenciones de ICE; sin acceso de ICE"),
                (
                    "Will not hold anyone for ICE, nor allow ICE agents into the jail.",
                    "No retiene a nadie para ICE ni permite la entrada de agentes de ICE a la "
                    "cárcel.",
                ),
            ),
            (
                "no-holds-no-notifications-no-access",
                BLUE,
                (
                    "No ICE holds; no notifications; no ICE access",
                    "Sin detenciones; sin notificaciones; sin acceso de ICE",
                ),
                (
                    "Will not hold anyone, will not tell ICE about release dates, will not let "
                    "ICE agents into the jail.",
                    "No retiene a nadie, no informa a ICE de las fechas de salida y no deja "
                    "entrar a agentes de ICE a la cárcel.",
                ),
            ),
            (
                "statewide-limit",
                PURPLE,
                (
                    "Statewide law or policy limiting detainers",
                    "Ley o política estatal que limita los detainers",
                ),
                (
                    "A statewide law or policy limits compliance with detainers.",
                    "Una ley o política estatal limita el cumplimiento de los detainers.",
                ),
            ),
            (
                "possible-fourth-amendment-violation",
                VERMILION,
                (
                    "May be detaining people in violation of the Fourth Amendment",
                    "Podría detener a personas en violación de la Cuarta Enmienda",
                ),
                (
                    "Local jails that may be detaining people in violation of the Fourth "
                    "Amendment.",
                    "Cárceles locales que podrían estar deteniendo a personas en violación de la "
                    "Cuarta Enmienda.",
                ),
            ),
        ],
    },
    {
        "slug": "287g-agreements",
        "level": MapLevel.COUNTY,
        "show_agencies": True,
        "multiple_categories": True,
        "sample_data": False,
        "position": 3,
        "title": ("287(g) agreements", "Acuerdos 287(g)"),
        "description": (
            "Local and state agencies that signed an agreement with ICE deputising their officers "
            "to act as immigration officers, by model, from ICE's published lists. An agency may "
            "hold several models at once; pending agreements are shown apart.",
            "Agencias locales y estatales que firmaron un acuerdo con ICE que delega en sus "
            "agentes funciones de inmigración, por modelo, según las listas publicadas por ICE. "
            "Una agencia puede tener varios modelos a la vez; los acuerdos pendientes se "
            "muestran aparte.",
        ),
        "methodology": (
            "Each agreement is a row of ICE's list of participating agencies: an agency and one "
            "support type, in force from its signing date until the day before the first list it "
            "is missing from. Sheriff's offices are placed in their county, town police "
            "departments in their town (GeoNames gazetteer, CC BY 4.0), state agencies in their "
            "state. A county is shaded by the first model in the legend held by an agency in it; "
            "its popup lists every agency and agreement.",
            "Cada acuerdo es una fila de la lista de agencias participantes de ICE: una agencia y "
            "un tipo de apoyo, vigente desde su fecha de firma hasta el día anterior a la primera "
            "lista en la que ya no aparece. Las oficinas del sheriff se ubican en su condado, las "
            "policías municipales en su localidad (nomenclátor GeoNames, CC BY 4.0) y las "
            "agencias estatales en su estado. Un condado se colorea según el primer modelo de la "
            "leyenda que tenga una agencia en él; su ventana emergente enumera cada agencia y "
            "acuerdo.",
        ),
        "categories": [
            (
                "jail-enforcement",
                VERMILION,
                ("Jail enforcement model", "Modelo de control en la cárcel"),
                (
                    "Deputised jail officers question people in custody about their immigration "
                    "status and lodge detainers.",
                    "Agentes de la cárcel delegados interrogan a las personas detenidas sobre su "
                    "estatus migratorio y emiten detainers.",
                ),
            ),
            (
                "task-force",
                ORANGE,
                ("Task force model", "Modelo de grupo de trabajo"),
                (
                    "Deputised officers enforce immigration law during their regular duties in "
                    "the community.",
                    "Agentes delegados aplican la ley de inmigración durante sus tareas "
                    "habituales en la comunidad.",
                ),
            ),
            (
                "warrant-service-officer",
                PURPLE,
                ("Warrant service officer model", "Modelo de agente de órdenes"),
                (
                    "Deputised jail officers serve ICE administrative warrants on people already "
                    "in custody.",
                    "Agentes de la cárcel delegados ejecutan órdenes administrativas de ICE a "
                    "personas ya detenidas.",
                ),
            ),
            (
                "pending",
                GREY,
                ("Agreement pending", "Acuerdo pendiente"),
                (
                    "On ICE's list of pending agreements: not signed yet, not counted with the "
                    "signed agreements.",
                    "En la lista de acuerdos pendientes de ICE: aún sin firmar, no se cuenta con "
                    "los acuerdos firmados.",
                ),
            ),
        ],
    },
]

# Real state laws, each with the official legislature page. Only laws whose facts are sure.
STATE_LAWS = [
    (
        "CA",
        "limits-cooperation",
        datetime.date(2018, 1, 1),
        "California Values Act (SB 54, 2017) limits the use of state and local law enforcement "
        "resources to assist federal immigration enforcement, including most detainer holds "
        "and release-date notifications.",
        "California SB 54 (2017), California Values Act",
        "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180SB54",
    ),
    (
        "IL",
        "limits-cooperation",
        datetime.date(2017, 8, 28),
        "Illinois TRUST Act (SB 31, Public Act 100-0463) bars law enforcement from detaining "
        "anyone solely on the basis of an immigration detainer or administrative warrant.",
        "Illinois TRUST Act, Public Act 100-0463 (2017)",
        "https://www.ilga.gov/legislation/publicacts/fulltext.asp?Name=100-0463",
    ),
    (
        "OR",
        "limits-cooperation",
        datetime.date(1987, 1, 1),
        "ORS 181A.820 (enacted in 1987; the date shown is the year of enactment) bars state and "
        "local law enforcement from using resources to detect or apprehend people whose only "
        "violation is of federal immigration law.",
        "Oregon Revised Statutes 181A.820",
        "https://www.oregonlegislature.gov/bills_laws/ors/ors181A.html",
    ),
    (
        "TX",
        "mandates-cooperation",
        datetime.date(2017, 9, 1),
        "Texas SB 4 (2017) requires local jails to honour ICE detainer requests and forbids "
        "local policies that limit the enforcement of immigration laws.",
        "Texas SB 4 (85th Legislature, 2017)",
        "https://capitol.texas.gov/BillLookup/History.aspx?LegSess=85R&Bill=SB4",
    ),
    (
        "FL",
        "mandates-cooperation",
        datetime.date(2019, 7, 1),
        "Florida SB 168 (2019) bans sanctuary policies and requires law enforcement agencies "
        "to honour detainers and cooperate with federal immigration enforcement.",
        "Florida SB 168 (2019)",
        "https://www.flsenate.gov/Session/Bill/2019/168",
    ),
]

DETAINER_STATES = ["CA", "IL", "OR", "WA", "NY", "CO", "TX", "FL", "GA", "AZ", "NM", "PA"]
STATEWIDE_LIMIT_STATES = {"CA", "IL", "OR", "WA"}
SAMPLE_URL = "https://example.org/sample/{map}/{geoid}"


@transaction.atomic
@translation.override("en")  # the policies' summaries and source titles are the English texts
def load_demo_maps() -> None:
    """Create the demo maps and their policies; what exists already is left as it is."""
    maps = {spec["slug"]: _map(spec) for spec in MAPS}
    categories = {
        (category.policy_map.slug, category.slug): category
        for category in MapCategory.objects.select_related("policy_map").filter(
            policy_map__in=maps.values()
        )
    }
    _add_policies(maps["state-enforcement-laws"], _state_policies(categories))
    _add_policies(maps["detainer-policies"], _detainer_policies(categories))
    _real_agreements(maps["287g-agreements"])


def _map(spec: dict) -> PolicyMap:
    policy_map, created = PolicyMap.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "level": spec["level"],
            "show_agencies": spec["show_agencies"],
            "sample_data": spec["sample_data"],
            "multiple_categories": spec.get("multiple_categories", False),
            "is_published": True,
            "position": spec["position"],
            "title_en": spec["title"][0],
            "title_es": spec["title"][1],
            "description_en": spec["description"][0],
            "description_es": spec["description"][1],
            "methodology_en": spec["methodology"][0],
            "methodology_es": spec["methodology"][1],
        },
    )
    if created or not policy_map.categories.exists():
        MapCategory.objects.bulk_create(
            MapCategory(
                policy_map=policy_map,
                slug=slug,
                color=color,
                position=position,
                label_en=label[0],
                label_es=label[1],
                description_en=description[0],
                description_es=description[1],
            )
            for position, (slug, color, label, description) in enumerate(spec["categories"])
        )
    return policy_map


def _add_policies(policy_map: PolicyMap, policies: list[Policy]) -> None:
    """Save the policies whose jurisdiction and effective date the map does not have yet."""
    existing = set(
        Policy.objects.filter(policy_map=policy_map).values_list(
            "jurisdiction_id", "effective_date"
        )
    )
    new = [p for p in policies if (p.jurisdiction.pk, p.effective_date) not in existing]
    if not new:
        return
    taken = {jurisdiction_id for jurisdiction_id, _ in existing}
    # A map staff have started editing is not topped up with sample rows for the same places.
    new = [p for p in new if p.jurisdiction.pk not in taken]
    for policy in new:
        policy.policy_map = policy_map
    bulk_create_with_history(new, Policy, batch_size=1000)
    invalidate_map(policy_map.pk)


def _state_policies(categories) -> list[Policy]:
    states = {j.postal_code: j for j in Jurisdiction.objects.states()}
    return [
        Policy(
            jurisdiction=states[postal_code],
            category=categories["state-enforcement-laws", category],
            effective_date=effective_date,
            summary=summary,
            source_title=source_title,
            source_url=source_url,
            status=Status.PUBLISHED,
        )
        for postal_code, category, effective_date, summary, source_title, source_url in STATE_LAWS
        if postal_code in states
    ]


def _sample(
    *,
    map_slug: str,
    jurisdiction: Jurisdiction,
    category: MapCategory,
    effective_date: datetime.date,
    end_date: datetime.date | None = None,
    verified: datetime.date | None = None,
) -> Policy:
    return Policy(
        jurisdiction=jurisdiction,
        category=category,
        effective_date=effective_date,
        end_date=end_date,
        summary=f"Sample data: {jurisdiction} is shown as “{category.label}” for demonstration "
        "only; this is not its real policy.",
        source_title="Sample source (illustration, not a real document)",
        source_url=SAMPLE_URL.format(map=map_slug, geoid=jurisdiction.geoid.lower()),
        last_verified=verified,
        status=Status.PUBLISHED,
    )


def _day(rng: random.Random, first_year: int, last_year: int) -> datetime.date:
    start = datetime.date(first_year, 1, 1)
    span = (datetime.date(last_year, 12, 31) - start).days
    return start + datetime.timedelta(days=rng.randrange(span))


def _detainer_policies(categories) -> list[Policy]:
    def category(slug):
        return categories["detainer-policies", slug]

    local = ["hold-policy", "no-holds-no-access", "no-holds-no-notifications-no-access"]
    policies = []
    counties = Jurisdiction.objects.counties().filter(state_code__in=DETAINER_STATES)
    for county in counties.defer("boundary").order_by("geoid"):
        # Seeded by GEOID: the same county gets the same sample policy on every machine.
        rng = random.Random(f"detainer-{county.geoid}")  # noqa: S311 (sample data)
        if rng.random() > 0.45:
            continue
        if county.state_code in STATEWIDE_LIMIT_STATES:
            slug = rng.choices(local + ["statewide-limit"], weights=[1, 2, 2, 6])[0]
        else:
            slug = rng.choices(
                local + ["possible-fourth-amendment-violation"], weights=[4, 2, 1, 4]
            )[0]
        start = _day(rng, 2016, 2023)
        verified = _day(rng, 2024, 2025)
        if rng.random() < 0.12:
            # Some history: an earlier, different policy ended the day before.
            earlier = rng.choice([s for s in local if s != slug])
            first = _day(rng, 2012, 2015)
            policies.append(
                _sample(
                    map_slug="detainer-policies",
                    jurisdiction=county,
                    category=category(earlier),
                    effective_date=first,
                    end_date=start - datetime.timedelta(days=1),
                )
            )
        policies.append(
            _sample(
                map_slug="detainer-policies",
                jurisdiction=county,
                category=category(slug),
                effective_date=start,
                verified=verified,
            )
        )
    return policies


def _real_agreements(policy_map: PolicyMap) -> None:
    """ICE's lists shipped in maps/data/ice-287g/, each imported once; the sample agreements
    and sample agencies of earlier versions of this demo go."""
    sample = policy_map.policies.filter(source_url__startswith="https://example.org/sample/")
    if sample.exists() or policy_map.sample_data or not policy_map.multiple_categories:
        agencies = set(sample.values_list("jurisdiction_id", flat=True))
        sample.delete()
        Jurisdiction.objects.filter(
            pk__in=agencies, level=Level.AGENCY, geoid__endswith="-SO", policies__isnull=True
        ).delete()
        policy_map.sample_data = False
        policy_map.multiple_categories = True
        policy_map.title_en, policy_map.title_es = MAPS[2]["title"]
        policy_map.save()
        if not policy_map.categories.filter(slug="pending").exists():
            slug, color, label, description = MAPS[2]["categories"][-1]
            MapCategory.objects.create(
                policy_map=policy_map,
                slug=slug,
                color=color,
                position=len(MAPS[2]["categories"]) - 1,
                label_en=label[0],
                label_es=label[1],
                description_en=description[0],
                description_es=description[1],
            )
    done = set(policy_map.source_lists.values_list("file_name", flat=True))
    for path in sorted(DATA_DIR.glob("*.xlsx")):
        if path.name in done:
            continue
        report = agreements_import(
            list_file=read_list(path.read_bytes()),
            list_date=list_date_from_name(path.name),
            policy_map=policy_map,
            dry_run=False,
            file_name=path.name,
        )
        if not report.saved:
            problems = "; ".join(
                f"line {row.line}: {' '.join(row.errors)}" for row in report.errors[:5]
            )
            raise ValueError(f"{path.name} could not be imported: {problems}")
