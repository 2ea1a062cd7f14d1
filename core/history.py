"""Versions of a record's many-to-many links (a publication's topics, co-authors, projects and
places), so the admin's history shows link changes and a revert brings the links back."""

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from simple_history.models import to_historic
from simple_history.template_utils import HistoricalRecordContextHelper


def record_links(versions: Iterable) -> None:
    """Store with each version the links its record has now, replacing what it held.

    For writes that set the links after the version was made: the admin saves the record
    before its links, and a bulk import inserts links without signals. The links are copied
    in the database, one statement per link field, however many versions there are.
    """
    versions = list(versions)
    if not versions:
        return
    history_model = type(versions[0])
    pk_name = history_model.instance_type._meta.pk.attname
    record_ids = [getattr(version, pk_name) for version in versions]
    history_ids = [version.pk for version in versions]
    quote = connection.ops.quote_name
    for field in history_model._history_m2m_fields:
        link_history = getattr(history_model, field.name).model
        through = field.remote_field.through
        copied = ("id", f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")
        target = [quote(link_history._meta.get_field(name).column) for name in copied]
        source = [quote(through._meta.get_field(name).column) for name in copied]
        history_column = quote(link_history._meta.get_field("history").column)
        # Table and column names come from the models, quoted; the ids are parameters.
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(link_history._meta.db_table)} "  # noqa: S608
                f"WHERE {history_column} = ANY(%s::bigint[])",
                [history_ids],
            )
            cursor.execute(
                f"INSERT INTO {quote(link_history._meta.db_table)} "  # noqa: S608
                f"({', '.join(target)}, {history_column}) "
                f"SELECT {', '.join(f'l.{column}' for column in source)}, v.history_id "
                f"FROM {quote(through._meta.db_table)} l "
                "JOIN UNNEST(%s::bigint[], %s::bigint[]) AS v(record_id, history_id) "
                f"ON l.{source[1]} = v.record_id",
                [record_ids, history_ids],
            )


def latest_versions(model, pks: Iterable[int]) -> list:
    """The newest version of each record."""
    pk_name = model._meta.pk.attname
    return list(
        model.history.filter(**{f"{pk_name}__in": list(pks)})
        .order_by(pk_name, "-history_date", "-history_id")
        .distinct(pk_name)
    )


class LinkedHistoryAdminMixin:
    """One version per admin save, holding the links as saved.

    Django saves the record, then its links. Left alone, simple-history would write a version
    with the old links, then one more for each link field that changed. Here the link changes
    write none, and the record's version is given the links once they are saved. Works for the
    change form and for simple-history's revert form, which both call form.save_m2m().
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        save_m2m = form.save_m2m
        obj.skip_history_when_saving = True

        def save_links():
            try:
                save_m2m()
            finally:
                del obj.skip_history_when_saving
            version = obj.history.first()
            if version is not None:
                record_links([version])

        form.save_m2m = save_links


class RevertLinksFormMixin:
    """On a revert form the links start as the version had them, not as they are now."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = to_historic(self.instance)
        if version is None:
            return
        for field in type(version)._history_m2m_fields:
            if field.name in self.fields:
                target = f"{field.m2m_reverse_field_name()}_id"
                self.initial[field.name] = list(
                    getattr(version, field.name).values_list(target, flat=True)
                )


class _ReadableChanges(HistoricalRecordContextHelper):
    """A change shows a choice's label ("In review → Published"), not its stored value."""

    def prepare_delta_change_value(self, change, value):
        try:
            field = self.model._meta.get_field(change.field)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        if value is None or value == "":
            return "—"
        return super().prepare_delta_change_value(change, value)


class ReadableHistoryAdminMixin:
    """History entries as staff read them: who, when, a change reason only when one was
    given, and choices by their labels."""

    object_history_list_template = "admin/readable_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return _ReadableChanges(self.model, historical_record)
