"""What every read-only API view shares: paging with a bounded page size, the documented error
answers, and the rule that a filter naming an unknown item matches nothing."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100

NOT_FOUND = OpenApiResponse(
    inline_serializer("NotFound", fields={"detail": serializers.CharField()}),
    description="No such item, or a page past the end.",
)
BAD_PARAMETERS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Invalid parameters: each bad parameter name maps to a list of reasons.",
)


class PageNumberWithSize(PageNumberPagination):
    """20 a page; `page_size` chooses up to 100, and more than 100 is refused with a 400."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(
                _("There is no page “%(page)s”.")
                % {"page": request.query_params.get(self.page_query_param)}
            ) from None


def only_unknown_items(filterset, unknown_codes: dict[str, str]) -> bool:
    """Whether every error of the filterset says a named item (a type, a state) does not exist:
    such a filter matches nothing, so the API answers an empty list rather than a 400.
    `unknown_codes` maps a parameter to the error code that means "no such item"."""
    errors = filterset.form.errors.as_data()
    return bool(errors) and all(
        error.code == unknown_codes.get(name)
        for name, field_errors in errors.items()
        for error in field_errors
    )
