"""Publication types under the centre's own names, matched by name or slug in imports."""

import importlib

import pytest
from django.apps import apps

from resources.importers import resources_import
from resources.models import Resource, ResourceType

pytestmark = pytest.mark.django_db


def _rows(type_value: str):
    return [(2, {"title": "Mapping 287(g)", "type": type_value, "publication_date": "2024-05-01"})]


def test_types_carry_the_names_of_the_centres_site():
    assert list(ResourceType.objects.values_list("name", flat=True)) == [
        "Practice Advisory",
        "FAQs & Explainers",
        "Toolkit & Reports",
        "Public Comments / Sign-on Letters",
        "Community Alert",
    ]


def test_migration_renames_a_type_created_under_the_old_name():
    ResourceType.objects.filter(slug="toolkits-reports").update(
        name="Toolkits & Reports", name_en="Toolkits & Reports"
    )
    migration = importlib.import_module(
        "resources.migrations.0013_publication_type_names_of_the_centre"
    )
    migration.rename(apps, None)
    toolkit = ResourceType.objects.get(slug="toolkits-reports")
    assert (toolkit.name, toolkit.name_en) == ("Toolkit & Reports", "Toolkit & Reports")


@pytest.mark.parametrize(
    "written",
    ["Toolkit & Reports", "  toolkit & reports ", "TOOLKITS-REPORTS", "toolkit  &  Reports"],
)
def test_import_matches_a_type_by_name_or_slug_ignoring_case_and_spaces(written):
    report = resources_import(rows=_rows(written), dry_run=False)
    assert not report.has_errors, report.errors
    assert Resource.objects.get().resource_type.slug == "toolkits-reports"


def test_unknown_type_error_lists_the_known_types():
    report = resources_import(rows=_rows("Podcast"), dry_run=True)
    (error,) = report.rows[0].errors
    assert "“Podcast” is not a publication type" in error
    assert "Known types: Practice Advisory; FAQs & Explainers; Toolkit & Reports;" in error
