"""A record in the trash stays off every public surface, whatever tries to publish it again:
the admin's bulk actions on the trash list, its change and revert forms, and the importer.
Unpublished records stay hidden too. The publication rule is core.publishing's, once."""

import pytest
from django.core.cache import cache
from django.test import Client

from core.publishing import Status
from core.trash import trash_rows
from maps.models import Policy
from resources.importers import resources_import
from resources.models import Resource
from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory, ResourceFactory
from tests.resources.staff import staff_member

from .discover import public_urls
from .hostile import sample_keys

pytestmark = pytest.mark.django_db

MARKERS = {
    "trashed publication": "Gooseberrycompass",
    "unpublished publication": "Lanternmackerel",
    "trashed policy": "Saffronpeninsula",
}


@pytest.fixture
def trashed(texas_with_counties):
    _texas, counties = texas_with_counties
    ResourceFactory(title="Published asylum guide", summary="Public.")
    resource = ResourceFactory(
        title=f"{MARKERS['trashed publication']} advisory", slug="trashed-advisory"
    )
    ResourceFactory(
        title=f"{MARKERS['unpublished publication']} report",
        slug="unpublished-report",
        status=Status.UNPUBLISHED,
    )
    policy_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    category = MapCategoryFactory(policy_map=policy_map, label="Limits cooperation")
    PolicyFactory(category=category, jurisdiction=counties["Travis County"], summary="Public.")
    policy = PolicyFactory(
        category=category,
        jurisdiction=counties["Harris County"],
        summary=MARKERS["trashed policy"],
        source_title=MARKERS["trashed policy"],
    )
    trash_rows(rows=Resource.objects.filter(pk=resource.pk))
    trash_rows(rows=Policy.objects.filter(pk=policy.pk))
    resource.refresh_from_db()
    policy.refresh_from_db()
    return resource, policy


def _try_to_publish_again(resource: Resource, policy: Policy) -> None:
    admin = Client()
    admin.force_login(staff_member("Administrator", is_superuser=True))
    answers = [
        # The bulk actions, on the trash list.
        admin.post(
            "/admin/resources/resource/?trash=yes",
            {"action": "publish", "_selected_action": [resource.pk]},
        ),
        admin.post(
            "/admin/maps/policy/?trash=yes",
            {"action": "publish", "_selected_action": [policy.pk]},
        ),
        # The change forms, and the revert form of the version before the trash.
        admin.post(
            f"/admin/resources/resource/{resource.pk}/change/",
            {"title": resource.title, "status": Status.PUBLISHED},
        ),
        admin.post(
            f"/admin/maps/policy/{policy.pk}/change/",
            {"summary_en": policy.summary, "status": Status.PUBLISHED},
        ),
    ]
    before_trash = resource.history.filter(deleted_at__isnull=True).order_by("-history_id")[0]
    answers.append(
        admin.post(
            f"/admin/resources/resource/{resource.pk}/history/{before_trash.history_id}/",
            {"title": resource.title, "status": Status.PUBLISHED},
        )
    )
    for answer in answers:
        assert answer.status_code < 500
    # Re-importing its slug, marked published.
    report = resources_import(
        rows=[
            (
                2,
                {
                    "title": resource.title,
                    "slug": resource.slug,
                    "type": resource.resource_type.name,
                    "publication_date": resource.publication_date.isoformat(),
                    "status": "published",
                },
            )
        ],
        dry_run=False,
    )
    assert report.has_errors and not report.saved
    assert "trash" in " ".join(report.rows[0].errors)


def test_nothing_publishes_a_record_in_the_trash(trashed):
    resource, policy = trashed
    _try_to_publish_again(resource, policy)
    resource.refresh_from_db()
    policy.refresh_from_db()
    assert resource.deleted_at is not None and resource.status != Status.PUBLISHED
    assert policy.deleted_at is not None and policy.status != Status.PUBLISHED
    assert not Resource.objects.published().filter(pk=resource.pk).exists()
    assert not Policy.objects.published().filter(pk=policy.pk).exists()


def test_trashed_and_unpublished_records_appear_nowhere_public(trashed):
    resource, policy = trashed
    _try_to_publish_again(resource, policy)
    cache.clear()
    client = Client()
    samples = sample_keys()
    samples["geoid"] = ["48201", *samples["geoid"]]
    samples["slug"] = ["trashed-advisory", "unpublished-report", *samples["slug"]]
    urls = public_urls(samples)
    urls += [f"/es{url}" for url in urls if not url.startswith("/api/")]
    answered = set()
    for url in urls:
        for query in ("", "q=advisory", "format=csv"):
            response = client.get(url, QUERY_STRING=query, follow=True)
            assert response.status_code < 500, f"{url}?{query}"
            content = (
                b"".join(response.streaming_content)
                if getattr(response, "streaming", False)
                else response.content
            ).decode("utf-8", "replace")
            for what, marker in MARKERS.items():
                assert marker not in content, f"{what} shown at {url}?{query}"
            if response.status_code == 200:
                answered.add(url)
    assert "/resources/trashed-advisory/" in urls
    assert "/resources/trashed-advisory/" not in answered
    assert "/resources/unpublished-report/" not in answered
    for reached in [
        "/resources/",
        "/jurisdictions/48201/",
        "/maps/detainer-policies/",
        "/maps/detainer-policies/data.csv",
        "/api/maps/detainer-policies/features/",
        "/api/jurisdictions/48201/",
        "/resources/feed/",
        "/maps/detainer-policies/feed/",
        "/resources/export.csv",
    ]:
        assert reached in answered, reached
