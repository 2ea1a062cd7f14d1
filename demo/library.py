"""A sample catalog for demonstrations: every item is labelled as sample data wherever shown."""

import datetime
import textwrap

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from core.publishing import Status
from jurisdictions.models import Jurisdiction
from resources.models import Organization, Project, Resource, ResourceFile, ResourceType, Topic

TOPICS = [
    ("Immigration enforcement", "Control migratorio"),
    ("Detainers", "Órdenes de detención (detainers)"),
    ("287(g)", "287(g)"),
    ("Sheriffs", "Alguaciles"),
    ("Prosecutorial discretion", "Discreción procesal"),
    ("U visas", "Visas U"),
    ("T visas", "Visas T"),
    ("DACA", "DACA"),
    ("Crimes and immigration", "Delitos e inmigración"),
    ("Texas", "Texas"),
    ("California", "California"),
    ("Know your rights", "Conozca sus derechos"),
]

ORGANIZATIONS = [
    "Riverbend Immigrant Defense Collective (sample)",
    "Northern Plains Legal Aid Network (sample)",
    "Coastal Workers' Rights Project (sample)",
]

PROJECTS = [
    "Citizenship campaign (sample)",
    "Criminal-immigration justice network (sample)",
]

# (type slug, title, summary, topics, date, language, places, revised, coauthor index, project index)
CATALOG = [
    (
        "practice-advisory",
        "Responding to immigration detainers in county jails",
        "A walk-through for defence lawyers of what a detainer request asks a jail to do, the limits courts have placed on holding someone past release, and the questions to put to a jail when a client has a hold.",
        ["Detainers", "Crimes and immigration"],
        "2016-03-14",
        "en",
        [],
        "2019-06-02",
        None,
        1,
    ),
    (
        "faqs-explainers",
        "What is an ICE hold? Questions and answers",
        "Short answers for family members: what an immigration hold is, how long a jail may keep someone because of one, and who to call.",
        ["Detainers", "Know your rights"],
        "2017-02-20",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "faqs-explainers",
        "¿Qué es una orden de detención de ICE? Preguntas y respuestas",
        "Respuestas breves para familiares: qué es una orden de detención migratoria, cuánto tiempo puede una cárcel retener a una persona por ella y a quién llamar.",
        ["Detainers", "Know your rights"],
        "2017-02-20",
        "es",
        [],
        None,
        None,
        None,
    ),
    (
        "toolkits-reports",
        "Ending 287(g): a campaign toolkit for local organisers",
        "Steps, timelines and sample materials for groups working to end a county's agreement with ICE, from public-records requests to county board testimony.",
        ["287(g)", "Sheriffs", "Immigration enforcement"],
        "2018-05-09",
        "en",
        [],
        "2021-01-15",
        0,
        None,
    ),
    (
        "practice-advisory",
        "Prosecutorial discretion after the latest enforcement memo",
        "How to frame a request for prosecutorial discretion, which factors the agency says it weighs, and how to document equities for a client in removal proceedings.",
        ["Prosecutorial discretion"],
        "2021-10-04",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "practice-advisory",
        "U visa certification: working with local law enforcement",
        "A guide to asking police, prosecutors and judges to sign U visa certifications, including what to do when an agency refuses or delays.",
        ["U visas"],
        "2015-08-17",
        "en",
        [],
        "2020-04-29",
        1,
        None,
    ),
    (
        "faqs-explainers",
        "T visas for survivors of trafficking: a one-page overview",
        "Who may qualify for a T visa, what the application needs, and where survivors can find free legal help.",
        ["T visas", "Know your rights"],
        "2019-11-12",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "community-alert",
        "DACA renewals: what to do now",
        "A short notice on renewing DACA while court cases continue, with the dates that matter and a reminder to talk to a lawyer before travelling.",
        ["DACA"],
        "2023-09-18",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "community-alert",
        "Renovación de DACA: qué hacer ahora",
        "Aviso breve sobre cómo renovar DACA mientras siguen los casos judiciales, con las fechas importantes y el consejo de hablar con un abogado antes de viajar.",
        ["DACA"],
        "2023-09-18",
        "es",
        [],
        None,
        None,
        None,
    ),
    (
        "public-comments",
        "Comment on proposed changes to detainer forms",
        "A comment letter urging the agency to withdraw proposed detainer form changes that would widen warrantless holds in local jails.",
        ["Detainers", "Immigration enforcement"],
        "2020-07-30",
        "en",
        [],
        None,
        2,
        None,
    ),
    (
        "public-comments",
        "Sign-on letter opposing new 287(g) task force agreements",
        "A letter signed by local and national groups asking the agency not to revive task force agreements that deputise patrol officers.",
        ["287(g)"],
        "2019-03-05",
        "en",
        [],
        None,
        0,
        None,
    ),
    (
        "toolkits-reports",
        "Texas SB 4: what the state law does and what it leaves open",
        "An explainer of the 2017 Texas law on local cooperation with immigration enforcement, the parts courts have upheld or blocked, and what local officials can still decide.",
        ["Texas", "Immigration enforcement", "Sheriffs"],
        "2017-09-01",
        "en",
        ["TX"],
        "2018-03-20",
        None,
        None,
    ),
    (
        "toolkits-reports",
        "Ley SB 4 de Texas: lo que hace y lo que deja abierto",
        "Explicación de la ley de Texas de 2017 sobre la cooperación local con el control migratorio, las partes confirmadas o bloqueadas por los tribunales y lo que aún pueden decidir las autoridades locales.",
        ["Texas", "Immigration enforcement"],
        "2017-09-01",
        "es",
        ["TX"],
        None,
        None,
        None,
    ),
    (
        "practice-advisory",
        "California's SB 54 and the TRUST Act in practice",
        "How California limits local assistance to immigration enforcement, what jails may and may not share, and how to spot a violation.",
        ["California", "Detainers"],
        "2018-02-12",
        "en",
        ["CA"],
        "2022-05-10",
        None,
        1,
    ),
    (
        "faqs-explainers",
        "Know your rights at home, at work and on the street",
        "Plain-language guidance on the right to remain silent, what a warrant must show, and what to carry.",
        ["Know your rights"],
        "2025-01-27",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "faqs-explainers",
        "Conozca sus derechos en casa, en el trabajo y en la calle",
        "Orientación sencilla sobre el derecho a guardar silencio, lo que debe mostrar una orden judicial y qué documentos llevar.",
        ["Know your rights"],
        "2025-01-27",
        "es",
        [],
        None,
        None,
        None,
    ),
    (
        "practice-advisory",
        "Immigration consequences of common state convictions",
        "A chart-based advisory for defence counsel on how frequent state offences are treated in immigration law, with safer plea alternatives.",
        ["Crimes and immigration"],
        "2014-06-23",
        "en",
        [],
        "2018-10-01",
        None,
        1,
    ),
    (
        "toolkits-reports",
        "Local entanglement with ICE: a national report",
        "Findings from a survey of county policies on immigration holds, notifications and jail access, with maps and a methodology appendix.",
        ["Immigration enforcement", "Detainers", "Sheriffs"],
        "2022-11-14",
        "en",
        [],
        None,
        1,
        None,
    ),
    (
        "community-alert",
        "Alert: checkpoints and what to expect",
        "What people can expect at immigration checkpoints near the border and which questions they may decline to answer.",
        ["Know your rights", "Texas"],
        "2024-04-08",
        "en",
        ["TX"],
        None,
        None,
        None,
    ),
    (
        "practice-advisory",
        "Bond hearings for people held after a state arrest",
        "Strategies for seeking release on bond when a client is transferred from a county jail to immigration detention.",
        ["Detainers", "Crimes and immigration"],
        "2020-01-21",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "faqs-explainers",
        "Naturalisation: ten questions before you apply",
        "A checklist for lawful permanent residents thinking about citizenship, including the record issues that call for legal advice first.",
        ["Crimes and immigration"],
        "2021-05-03",
        "en",
        [],
        None,
        None,
        0,
    ),
    (
        "faqs-explainers",
        "Naturalización: diez preguntas antes de solicitarla",
        "Una lista de verificación para residentes permanentes que piensan en la ciudadanía, con los antecedentes que requieren consejo legal antes de solicitar.",
        ["Crimes and immigration"],
        "2021-05-03",
        "es",
        [],
        None,
        None,
        0,
    ),
    (
        "toolkits-reports",
        "Sheriffs and ICE: a guide to public-records requests",
        "Templates and tips for requesting jail contracts, detainer logs and emails between sheriffs' offices and ICE.",
        ["Sheriffs", "287(g)"],
        "2016-10-10",
        "en",
        [],
        None,
        2,
        None,
    ),
    (
        "public-comments",
        "Comment on the proposed public-charge rule",
        "A comment letter describing how the proposed rule would deter families from using benefits they are entitled to.",
        ["Immigration enforcement"],
        "2018-12-10",
        "en",
        [],
        None,
        2,
        None,
    ),
    (
        "practice-advisory",
        "Post-conviction relief to avoid deportation",
        "Paths to vacate or modify a conviction that carries immigration consequences, and how immigration courts treat the result.",
        ["Crimes and immigration"],
        "2023-02-06",
        "en",
        [],
        None,
        None,
        1,
    ),
    (
        "community-alert",
        "Scam alert: people posing as immigration lawyers",
        "Warning signs of notario fraud and how to check that a lawyer or accredited representative is authorised to help.",
        ["Know your rights"],
        "2022-06-27",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "community-alert",
        "Alerta: personas que se hacen pasar por abogados de inmigración",
        "Señales de fraude de notarios y cómo comprobar que un abogado o representante acreditado está autorizado para ayudar.",
        ["Know your rights"],
        "2022-06-27",
        "es",
        [],
        None,
        None,
        None,
    ),
    (
        "toolkits-reports",
        "Stories from local campaigns against ICE holds",
        "Accounts from organisers in several counties who won limits on immigration holds, told in their own words.",
        ["Detainers", "Immigration enforcement"],
        "2024-09-16",
        "en",
        [],
        None,
        0,
        None,
    ),
    (
        "practice-advisory",
        "Warrant service officer agreements explained",
        "What the warrant service officer model of 287(g) lets jail staff do, how it differs from the jail enforcement model, and what records to request.",
        ["287(g)", "Sheriffs"],
        "2020-10-19",
        "en",
        [],
        None,
        None,
        None,
    ),
    (
        "faqs-explainers",
        "Florida SB 168: frequently asked questions",
        "Answers about the 2019 Florida law requiring local cooperation with immigration detainers and what it means for people in county jails.",
        ["Detainers", "Immigration enforcement"],
        "2019-07-01",
        "en",
        ["FL"],
        None,
        None,
        None,
    ),
    (
        "public-comments",
        "Letter to a county board on ending jail access for ICE",
        "A sample letter urging a county board to adopt a policy that keeps ICE agents out of the jail without a judicial warrant.",
        ["Sheriffs", "Detainers"],
        "2025-06-02",
        "en",
        [],
        None,
        0,
        None,
    ),
    (
        "practice-advisory",
        "Special Immigrant Juvenile Status for youth in state custody",
        "A practice guide to the state-court findings that a young person needs before applying for special immigrant juvenile status.",
        ["Know your rights"],
        "2026-03-09",
        "en",
        [],
        None,
        1,
        None,
    ),
]

# Translations: (Spanish slug fragment, English slug fragment).
TRANSLATION_PAIRS = [
    ("que-es-una-orden", "what-is-an-ice-hold"),
    ("renovacion-de-daca", "daca-renewals"),
    ("ley-sb-4-de-texas", "texas-sb-4"),
    ("conozca-sus-derechos", "know-your-rights-at-home"),
    ("naturalizacion-diez", "naturalisation-ten"),
    ("alerta-personas", "scam-alert"),
]

SAMPLE_NOTE = (
    "\n\nSample data: this publication is illustrative, written for the demonstration catalog."
)


def sample_pdf(title: str) -> bytes:
    """A one-page PDF whose text says it is a sample."""
    text = f"Sample publication: {title}"[:90].replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 50 750 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_with_pages(pages: list[str], *, font_size: int = 11) -> bytes:
    """A PDF with one page per text, wrapped into lines: real text a PDF reader can extract."""
    streams = []
    for text in pages:
        lines = []
        for paragraph in text.split("\n"):
            lines.extend(textwrap.wrap(paragraph, 90) or [""])
        commands = [f"BT /F1 {font_size} Tf 14 TL 50 750 Td"]
        for line in lines[:50]:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"({escaped}) '")
        commands.append("ET")
        streams.append("\n".join(commands).encode("cp1252", "replace"))
    count = len(pages)
    # Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
    kids = " ".join(f"{4 + 2 * index} 0 R" for index in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, stream in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * index} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@transaction.atomic
def load_demo_catalog() -> int:
    """Create the sample catalog once; returns how many publications were added."""
    topics = {}
    for name, name_es in TOPICS:
        topic, _ = Topic.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "name_en": name, "name_es": name_es}
        )
        topics[name] = topic
    organizations = [
        Organization.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in ORGANIZATIONS
    ]
    projects = [
        Project.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in PROJECTS
    ]
    types = {resource_type.slug: resource_type for resource_type in ResourceType.objects.all()}
    states = {j.postal_code: j for j in Jurisdiction.objects.states()}

    existing = set(Resource.objects.values_list("slug", flat=True))
    added = 0
    for entry in CATALOG:
        type_slug, title, summary, topic_names, date, language, places, revised, org, project = (
            entry
        )
        slug = slugify(title)[:120]
        if slug in existing:
            continue
        resource = Resource.objects.create(
            title=title,
            slug=slug,
            resource_type=types[type_slug],
            publication_date=datetime.date.fromisoformat(date),
            revision_date=datetime.date.fromisoformat(revised) if revised else None,
            summary=summary,
            body=summary + SAMPLE_NOTE,
            language=language,
            status=Status.PUBLISHED,
            is_sample=True,
        )
        resource.topics.set(topics[name] for name in topic_names)
        resource.jurisdictions.set(states[code] for code in places if code in states)
        if org is not None:
            resource.coauthors.add(organizations[org])
        if project is not None:
            resource.projects.add(projects[project])
        data = sample_pdf(title)
        document = ResourceFile(resource=resource, label="PDF", language=language)
        document.file.save(f"{slug[:60]}.pdf", ContentFile(data), save=False)
        document.content_type = "application/pdf"
        document.size = len(data)
        document.save()
        added += 1

    by_slug = {r.slug: r for r in Resource.objects.filter(is_sample=True, language="en")}
    for spanish_prefix, english_prefix in TRANSLATION_PAIRS:
        spanish = Resource.objects.filter(slug__startswith=spanish_prefix, is_sample=True).first()
        english = next((r for s, r in by_slug.items() if s.startswith(english_prefix)), None)
        if spanish and english and spanish.translation_of_id is None:
            spanish.translation_of = english
            spanish.save(update_fields=["translation_of"])
    return added
