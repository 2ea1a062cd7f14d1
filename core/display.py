"""Values a list prints for each of its rows, prepared once for the whole list: a row's link,
its dates and its counts in the visitor's language. Django's template tags and filters do the
same work again for every row (a `{% url %}`, a `date` or an `intcomma` costs more than the
rest of a row)."""

import datetime
from collections.abc import Callable

from django.urls import reverse
from django.utils import dateformat, formats, numberformat


def url_for_each(viewname: str, argument: str, *, request=None) -> Callable[[str], str]:
    """The address of `viewname` for one value of its `argument`, reversed once for a list
    (absolute when given the request)."""
    placeholder = f"{argument}-placeholder"
    template = reverse(viewname, kwargs={argument: placeholder})
    if request is not None:
        template = request.build_absolute_uri(template)
    head, tail = template.split(placeholder, 1)
    return lambda value: f"{head}{value}{tail}"


def short_date_writer() -> Callable[[datetime.date | None], str]:
    """A date in the short format of the active language ("" for none), as the template's
    `date:"SHORT_DATE_FORMAT"` writes it."""
    short = formats.get_format("SHORT_DATE_FORMAT")
    return lambda value: dateformat.format(value, short) if value else ""


def digit_grouper() -> Callable[[int], str]:
    """What humanize's intcomma prints for a whole number in the active language."""
    separator = formats.get_format("THOUSAND_SEPARATOR")
    if formats.get_format("NUMBER_GROUPING") == 3:
        return lambda number: f"{number:,}".replace(",", separator)
    return lambda number: numberformat.format(
        number,
        formats.get_format("DECIMAL_SEPARATOR"),
        grouping=formats.get_format("NUMBER_GROUPING"),
        thousand_sep=separator,
        force_grouping=True,
    )
