"""OpenAPI schema post-processing: the answers every API operation can give, documented once."""

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
    return result
