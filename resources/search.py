"""Full-text search of the library: what a visitor's words become in SQL (with staff's synonyms),
how matches are ranked, the snippet each result shows, and "Did you mean".

The words are parsed with web-search syntax and stemmed in English and in Spanish; each
configuration's query is widened by the synonym groups staff keep in the admin
(resources_search_expand, migration 0011). The SQL functions run once per query, in a scalar
subquery, not once per row.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Func, JSONField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# ts_rank weights of D (files' text), C (body), B (summary), A (title and topics).
RANK_WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
# Highlight markers ts_headline puts around matched words; turned into <mark> after escaping.
START, STOP = "\u27e6", "\u27e7"
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
SUMMARY_HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"


class SearchWords(Expression):
    """The tsquery of a visitor's words, English or Spanish, widened by the synonyms."""

    output_field = SearchQueryField()

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def as_sql(self, compiler, connection):
        sql = (
            "(SELECT resources_search_expand(websearch_to_tsquery('english', %s), 'english')"
            " || resources_search_expand(websearch_to_tsquery('spanish', %s), 'spanish'))"
        )
        return sql, [self.text, self.text]


class SearchPhrase(Expression):
    """The words as one phrase: a publication that has them side by side ranks higher."""

    output_field = SearchQueryField()

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def as_sql(self, compiler, connection):
        return "(phraseto_tsquery('english', %s) || phraseto_tsquery('spanish', %s))", [
            self.text,
            self.text,
        ]


class Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


class Rank(Func):
    template = f"ts_rank('{RANK_WEIGHTS}', %(expressions)s)"
    output_field = FloatField()


def matching(queryset, text: str):
    """Publications whose search document matches the words, annotated with their rank."""
    words = SearchWords(text)
    return queryset.filter(Matches(F("search_vector"), words)).annotate(
        rank=Rank(F("search_vector"), words) + Rank(F("search_vector"), SearchPhrase(text))
    )


class Snippet(Expression):
    """Where the words matched, highlighted: the summary when it has them, else the best page
    of the attached files, with the file's label (or name) and the page number."""

    output_field = JSONField()

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def as_sql(self, compiler, connection):
        words_sql, words_params = SearchWords(self.text).as_sql(compiler, connection)
        config = (
            "(CASE resources_resource.language WHEN 'es' THEN 'spanish' ELSE 'english' END)"
            "::regconfig"
        )
        # Only fixed SQL fragments are formatted in; the words and options are parameters.
        sql = rf"""
            CASE WHEN to_tsvector({config}, resources_resource.summary) @@ {words_sql}
            THEN jsonb_build_object(
                'text', ts_headline({config}, resources_resource.summary, {words_sql}, %s),
                'summary', true)
            ELSE (
                SELECT jsonb_build_object(
                    'text', ts_headline({config}, page.text, {words_sql}, %s),
                    'file', COALESCE(
                        NULLIF(f.label, ''),
                        -- the name a download is saved under (ResourceFile.filename): stored
                        -- names are random
                        left(resources_resource.slug, 80)
                            || substring(f.file from '\.[A-Za-z0-9]+$')),
                    'page', page.number)
                FROM resources_resourcefilepage page
                JOIN resources_resourcefile f ON f.id = page.file_id
                WHERE f.resource_id = resources_resource.id AND page.search_vector @@ {words_sql}
                ORDER BY ts_rank(page.search_vector, {words_sql}) DESC, f.position, f.id,
                    page.number
                LIMIT 1)
            END"""  # noqa: S608
        params = [
            *words_params,
            *words_params,
            SUMMARY_HEADLINE_OPTIONS,
            *words_params,
            HEADLINE_OPTIONS,
            *words_params,
            *words_params,
        ]
        return sql, params


def with_snippets(queryset, text: str):
    return queryset.annotate(snippet=Snippet(text))


@dataclass(frozen=True, slots=True)
class SearchSnippet:
    """A highlighted extract of a result, ready for the template."""

    html: SafeString
    file: str = ""
    page: int | None = None
    summary: bool = False


_MARKED = re.compile(f"{START}(.*?){STOP}", re.S)


def highlighted(text: str) -> SafeString:
    """ts_headline's text with its markers as <mark>, everything else escaped."""
    parts, position = [], 0
    for match in _MARKED.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(1))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts).replace(START, "").replace(STOP, ""))  # noqa: S308


def snippet_from_row(value: dict | None) -> SearchSnippet | None:
    if not value or not value.get("text"):
        return None
    return SearchSnippet(
        html=highlighted(value["text"]),
        file=value.get("file", ""),
        page=value.get("page"),
        summary=bool(value.get("summary")),
    )


# At most this many words of a query are corrected, each against the catalogue's words.
SUGGESTION_WORDS = 8
SUGGESTION_SQL = """
    SELECT typed.word, (
        SELECT w.word FROM resources_searchword w
        WHERE w.word %% typed.word
        ORDER BY similarity(w.word, typed.word) DESC, w.word LIMIT 1
    )
    FROM unnest(%s::text[]) WITH ORDINALITY AS typed(word, position)
    ORDER BY typed.position
"""
_WORD = re.compile(r"[^\W\d_]{3,30}")


def suggestion(text: str) -> str | None:
    """The words corrected to the closest words of the public catalogue, or None if no word
    needs correcting. One query, for searches that found nothing."""
    words = [word.lower() for word in _WORD.findall(text)][:SUGGESTION_WORDS]
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(SUGGESTION_SQL, [words])
        closest = dict(cursor.fetchall())
    corrected = text
    changed = False
    for word in words:
        better = closest.get(word)
        if better and better != word:
            corrected = re.sub(rf"\b{re.escape(word)}\b", better, corrected, flags=re.I)
            changed = True
    return corrected if changed else None
