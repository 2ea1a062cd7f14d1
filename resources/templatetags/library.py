"""Small template helpers for search forms and pagination."""

from django import template

register = template.Library()


@register.filter
def get_value(data, key: str) -> str:
    return data.get(key, "") if data else ""


@register.filter
def field(form, name: str):
    return form[name]


@register.filter
def field_label(form, name: str) -> str:
    return form.fields[name].label if name in form.fields else name


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
