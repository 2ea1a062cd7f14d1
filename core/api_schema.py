"""OpenAPI schema post-processing: the answers every API operation can give, and the rules
every query parameter follows, documented once."""

from .publishing import site_today

NO_NUL = "^[^\\x00]*$"

ERROR_BODY = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
PARAMETER_ERRORS = {
    "type": "object",
    "description": "Each bad parameter mapped to the reasons it was refused.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_common_responses(result, generator, request, public):
    """Add 429 (throttled) to every operation, 404 where a path names an item, 400 where a
    query parameter can be refused; unless the view documented its own."""
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "429",
                {
                    **_json("Too many requests; retry after the Retry-After seconds.", ERROR_BODY),
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                },
            )
            if "{" in path:
                responses.setdefault("404", _json("No such item.", ERROR_BODY))
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                responses.setdefault("400", _json("Invalid parameters.", PARAMETER_ERRORS))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _document_query_parameter(parameter)
    return result


def _document_query_parameter(parameter: dict) -> None:
    """An empty value is the same as leaving the parameter out, everywhere in the API; text
    cannot hold a NUL character (the database cannot store one); `as_of` is a date from 1900
    to today."""
    if not parameter.get("required"):
        parameter["allowEmptyValue"] = True
    schema = parameter.get("schema", {})
    if parameter["name"] == "as_of":
        schema["pattern"] = date_until_today_pattern()
    elif schema.get("type") == "string" and not {"enum", "pattern", "format"} & set(schema):
        schema["pattern"] = NO_NUL
    elif schema.get("type") == "array" and schema.get("items", {}).get("type") == "string":
        schema["items"].setdefault("pattern", NO_NUL)


def _up_to(last: int) -> str:
    """A regular expression for the two-digit numbers 01 to `last`."""
    tens, units = divmod(last, 10)
    parts = ["0[1-9]"] if tens else [f"0[1-{units}]"] if units else []
    parts += [f"{ten}[0-9]" for ten in range(1, tens)]
    if tens:
        parts.append(f"{tens}[0-{units}]")
    return "(?:" + "|".join(parts) + ")"


def date_until_today_pattern() -> str:
    """YYYY-MM-DD from 1900-01-01 to today (the site's date), as a regular expression."""
    today = site_today()
    day = "(?:0[1-9]|[12][0-9]|3[01])"
    whole_years = ["19[0-9][0-9]"] + [str(year) for year in range(2000, today.year)]
    alternatives = [f"(?:{'|'.join(whole_years)})-(?:0[1-9]|1[0-2])-{day}"]
    if today.month > 1:
        alternatives.append(f"{today.year}-{_up_to(today.month - 1)}-{day}")
    alternatives.append(f"{today.year}-{today.month:02d}-{_up_to(today.day)}")
    return "^(?:" + "|".join(alternatives) + ")$"
