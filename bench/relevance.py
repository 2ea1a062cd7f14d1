"""`python -m bench.relevance`: precision@5 and recall@10 of the library search on the
relevance set (bench/relevance_set.py), searched the way a visitor does it.

The catalogue is loaded into its own database (lrc_relevance, in the cluster of DATABASE_URL)
through the ordinary model saves, files included, so whatever happens when staff attach a PDF
happens here too. Each query is typed into the library page's search form and submitted with
the other fields as the page left them (the sort control included), and the order of the
results is read from the page.

precision@5: the share of the top five that must be there, out of the most it could be
(min(5, number of such items)); recall@10: the share of those items found in the top ten.
"""

import datetime
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from bench.html_forms import FormFields

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "lrc_relevance"
TOPIC_NAMES_ES = {
    "Detainers": "Órdenes de detención (detainers)",
    "Crimes and immigration": "Delitos e inmigración",
    "Know your rights": "Conozca sus derechos",
    "Sheriffs": "Alguaciles",
    "Immigration enforcement": "Control migratorio",
    "287(g)": "287(g)",
    "DACA": "DACA",
    "U visas": "Visas U",
    "T visas": "Visas T",
    "Asylum": "Asilo",
    "Removal defense": "Defensa contra la deportación",
    "Prosecutorial discretion": "Discreción procesal",
    "Texas": "Texas",
    "California": "California",
    "Sanctuary policies": "Políticas santuario",
    "Public charge": "Carga pública",
    "Naturalization": "Naturalización",
}
CARD_LINK = re.compile(r'<h3 class="resource-title">\s*<a href="[^"]*/resources/([^/"]+)/"')


def setup_django() -> None:
    from bench.__main__ import ensure_database, manage

    url = ensure_database(DATABASE, fresh=True)
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.test")
    manage(env, "migrate", "--noinput", "-v", "0")
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        MEDIA_ROOT=tempfile.mkdtemp(prefix="lrc-relevance-"),
    )
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]


def load_catalogue() -> int:
    from django.core.files.base import ContentFile
    from django.utils.text import slugify

    from bench.relevance_set import CATALOGUE
    from core.publishing import Status
    from demo.library import pdf_with_pages
    from resources.models import Resource, ResourceFile, ResourceType, Topic

    types = {item.slug: item for item in ResourceType.objects.all()}
    topics = {}
    for name, name_es in TOPIC_NAMES_ES.items():
        topics[name] = Topic.objects.create(
            slug=slugify(name), name=name, name_en=name, name_es=name_es
        )
    for slug, type_slug, title, summary, topic_names, language, date, pages in CATALOGUE:
        resource = Resource.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            resource_type=types[type_slug],
            language=language,
            publication_date=datetime.date.fromisoformat(date),
            status=Status.PUBLISHED,
        )
        resource.topics.set([topics[name] for name in topic_names])
        if pages:
            attached = ResourceFile(resource=resource, language=language, label="PDF")
            attached.file.save(f"{slug}.pdf", ContentFile(pdf_with_pages(pages)), save=False)
            attached.save()
    return Resource.objects.count()


def submitted_search(client, query: str, language: str) -> list[str]:
    """The slugs of the first page of results, in order, as the library page shows them."""
    prefix = "/es" if language == "es" else ""
    page = client.get(f"{prefix}/resources/").content.decode()
    parser = SearchForm()
    parser.feed(page)
    fields = {**parser.fields, "q": query}
    # The results page shows the facets' checkboxes unchecked: nothing else is submitted.
    response = client.get(f"{prefix}/resources/?{urlencode(fields, doseq=True)}")
    return CARD_LINK.findall(response.content.decode())


class SearchForm(FormFields):
    """The fields of the library's search form (the page's one form with role="search")."""

    def __init__(self):
        super().__init__(form_id="")

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.in_form = dict(attrs).get("role") == "search"
            return
        super().handle_starttag(tag, attrs)


def evaluate() -> dict:
    from django.test import Client

    from bench.relevance_set import QUERIES

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for query, expected, language in QUERIES:
        results = submitted_search(client, query, language)
        top5, top10 = results[:5], results[:10]
        found5 = len(set(expected) & set(top5))
        found10 = len(set(expected) & set(top10))
        rows.append(
            {
                "query": query,
                "language": language,
                "expected": expected,
                "top5": top5,
                "results": results,
                "precision_at_5": found5 / min(5, len(expected)),
                "recall_at_10": found10 / len(expected),
            }
        )
    return {
        "queries": len(rows),
        "precision_at_5": round(sum(r["precision_at_5"] for r in rows) / len(rows), 3),
        "recall_at_10": round(sum(r["recall_at_10"] for r in rows) / len(rows), 3),
        "rows": rows,
    }


def markdown(result: dict) -> str:
    lines = [
        f"\n### Relevance set: {result['queries']} queries over {result['catalogue']} "
        "publications\n",
        f"precision@5 **{result['precision_at_5']:.3f}**, recall@10 "
        f"**{result['recall_at_10']:.3f}**\n",
        "| query | page | P@5 | R@10 | top 5 |",
        "|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        lines.append(
            f"| `{row['query']}` | {row['language']} | {row['precision_at_5']:.2f} | "
            f"{row['recall_at_10']:.2f} | {', '.join(row['top5'])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    setup_django()
    catalogue = load_catalogue()
    result = evaluate()
    result["catalogue"] = catalogue
    if "--json" in sys.argv:
        print(json.dumps(result, indent=2))
    else:
        print(markdown(result))


if __name__ == "__main__":
    main()
