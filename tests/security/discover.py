"""Every public URL of the site, found from the URLconf, so new pages are covered by themselves."""

import re

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Not public: the admin, and the language switch (a POST-only redirect).
PRIVATE = re.compile(r"^(?:[a-z]{2}/)?admin/|^i18n/|^bench/")
# Parameters the public pages, the API, feeds and exports read. Extended by every FilterSet found.
KNOWN_PARAMS = {
    "q",
    "type",
    "topic",
    "language",
    "jurisdiction",
    "published_after",
    "published_before",
    "year",
    "sort",
    "page",
    "page_size",
    "format",
    "as_of",
    "date",
    "category",
    "level",
    "state",
    "embed",
    "ordering",
    "search",
    "limit",
    "offset",
    "cursor",
    "bbox",
    "lang",
}


def named_patterns(patterns=None, prefix="", namespace=""):
    """(route text, 'namespace:name', converter names) for every named, public URL pattern."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from named_patterns(entry.url_patterns, route, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            if PRIVATE.match(route.lstrip("^")):
                continue
            converters = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
            names = [a or b for a, b in converters]
            yield route, f"{namespace}{entry.name}", names


def candidate_kwargs(names: list[str], samples: dict[str, list[str]]):
    """Keyword sets to try for a pattern's converters, from the sample objects' keys."""
    if not names:
        yield {}
        return
    if names == ["format"] or "format" in names and len(names) == 1:
        yield {"format": "json"}
        return
    first = names[0]
    values = samples.get(first) or samples.get("slug", [])
    for value in values:
        for rest in candidate_kwargs(names[1:], samples):
            yield {first: value, **rest}


def public_urls(samples: dict[str, list[str]]) -> list[str]:
    """One concrete URL per public pattern that the sample objects can fill in."""
    urls = []
    for _route, name, names in named_patterns():
        if "format" in names and len(names) > 1:
            continue  # DRF's .json suffix duplicates of the plain routes
        for kwargs in candidate_kwargs(names, samples):
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if url not in urls:
                urls.append(url)
    return urls


def filter_params() -> set[str]:
    """Every parameter of every FilterSet in the project, plus the known ones."""
    import django_filters

    params = set(KNOWN_PARAMS)
    for filterset in _subclasses(django_filters.FilterSet):
        if filterset.__module__.split(".")[0] in {"resources", "maps", "jurisdictions", "config"}:
            params.update(filterset.base_filters)
    return params


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)
