"""Deleting a policy in the admin moves it to a trash: recoverable, invisible to the public,
and deleted for good only from the trash after Django's confirmation page."""

import datetime

import pytest
from django.test import Client

from core.publishing import Status
from maps.models import Policy

from ..factories import PolicyFactory
from ..resources.staff import staff_member
from .test_admin_curation import CHANGELIST

pytestmark = pytest.mark.django_db

FEATURES = "/api/maps/detainer-policies/features/"
POLICIES = "/api/maps/detainer-policies/policies/"


def _action(client, action, *policies, trash=False, **extra):
    return client.post(
        CHANGELIST + ("?trash=yes" if trash else ""),
        {"action": action, "_selected_action": [p.pk for p in policies], **extra},
        follow=True,
    )


def _harris_category(client) -> str | None:
    features = Client().get(FEATURES).json()["features"]
    return next(f for f in features if f["id"] == "48201")["properties"]["category"]


def _public_views(detainer_map) -> dict[str, str]:
    """Every public place a policy is read, as text."""
    public = Client()
    return {
        "features": public.get(FEATURES).content.decode(),
        "policies API": public.get(POLICIES).content.decode(),
        "CSV": public.get("/maps/detainer-policies/data.csv").content.decode(),
        "GeoJSON": public.get("/maps/detainer-policies/data.geojson").content.decode(),
        "map page": public.get("/maps/detainer-policies/").content.decode(),
        "feed": public.get("/maps/detainer-policies/feed/").content.decode(),
        "jurisdiction page": public.get("/jurisdictions/48201/").content.decode(),
        "jurisdiction API": public.get("/api/jurisdictions/48201/").content.decode(),
    }


def test_delete_moves_a_policy_to_the_trash_and_restore_brings_it_back(client, detainer_map):
    harris = detainer_map["harris"]
    client.force_login(staff_member("Map editor"))
    # A live policy has no delete page: it goes to the trash first.
    assert client.get(f"{CHANGELIST}{harris.pk}/delete/").status_code == 403
    page = _action(client, "move_to_trash", harris).content.decode()
    assert "1 policy moved to the trash" in page
    harris.refresh_from_db()
    assert harris.deleted_at is not None
    assert harris.status == Status.UNPUBLISHED
    assert f"/admin/maps/policy/{harris.pk}/change/" not in client.get(CHANGELIST).content.decode()
    in_trash = client.get(f"{CHANGELIST}?trash=yes").content.decode()
    assert f"/admin/maps/policy/{harris.pk}/change/" in in_trash
    # In the trash it is read-only until restored.
    assert client.post(f"{CHANGELIST}{harris.pk}/change/", {}).status_code == 403

    page = _action(client, "restore", harris, trash=True).content.decode()
    assert "1 policy restored, unpublished." in page
    harris.refresh_from_db()
    assert harris.deleted_at is None
    assert harris.status == Status.UNPUBLISHED
    _action(client, "publish", harris)
    harris.refresh_from_db()
    assert harris.status == Status.PUBLISHED


def test_hard_delete_only_from_the_trash_after_a_confirmation_page(client, detainer_map):
    harris = detainer_map["harris"]
    client.force_login(staff_member("Map editor"))
    _action(client, "move_to_trash", harris)
    delete_url = f"{CHANGELIST}{harris.pk}/delete/"
    confirm = client.get(delete_url)
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    assert Policy.objects.filter(pk=harris.pk).exists()
    client.post(delete_url, {"post": "yes"})
    assert not Policy.objects.filter(pk=harris.pk).exists()


def test_bulk_delete_of_live_policies_moves_them_to_the_trash(client, detainer_map):
    harris = detainer_map["harris"]
    client.force_login(staff_member("Map editor"))
    page = _action(client, "delete_selected", harris, post="yes").content.decode()
    assert "1 policy moved to the trash" in page
    assert Policy.objects.get(pk=harris.pk).deleted_at is not None
    # From the trash, the same action asks for confirmation, then deletes for good.
    confirm = _action(client, "delete_selected", harris, trash=True).content.decode()
    assert "Are you sure" in confirm
    assert Policy.objects.filter(pk=harris.pk).exists()
    _action(client, "delete_selected", harris, trash=True, post="yes")
    assert not Policy.objects.filter(pk=harris.pk).exists()


def test_a_trashed_policy_is_gone_from_every_public_view_at_once(
    client, detainer_map, django_capture_on_commit_callbacks
):
    harris = detainer_map["harris"]
    # Its source link, or in a feed its item id.
    marks = ("https://example.org/harris-memo", f"policy-{harris.pk}-")

    def shows_harris(text: str) -> bool:
        return any(mark in text for mark in marks)

    before = _public_views(detainer_map)  # and cached
    for where, text in before.items():
        assert shows_harris(text), where
    client.force_login(staff_member("Map editor"))
    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "move_to_trash", harris)

    for where, text in _public_views(detainer_map).items():
        assert not shows_harris(text), where
    assert _harris_category(client) is None
    legend = Client().get("/api/maps/detainer-policies/").json()["legend"]
    assert [(e["slug"], e["count"]) for e in legend] == [
        ("hold-policy", 0),
        ("no-holds-no-access", 0),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        _action(client, "restore", harris, trash=True)
        _action(client, "publish", harris)
    assert _harris_category(client) == "hold-policy"


def test_the_database_refuses_a_published_policy_in_the_trash(detainer_map):
    """Trashing unpublishes; a write that skips the trash service cannot leave a trashed
    policy published, so no public query can ever see one."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    harris = detainer_map["harris"]
    assert harris in Policy.objects.published()
    with pytest.raises(IntegrityError), transaction.atomic():
        Policy.objects.filter(pk=harris.pk).update(deleted_at=timezone.now())
    assert Policy.objects.get(pk=harris.pk).deleted_at is None


def test_a_new_policy_can_replace_a_trashed_one(client, detainer_map):
    harris = detainer_map["harris"]
    client.force_login(staff_member("Map editor"))
    _action(client, "move_to_trash", harris)
    # Same jurisdiction, map and dates: the trashed policy does not count.
    replacement = PolicyFactory(
        category=detainer_map["no_holds"],
        jurisdiction=harris.jurisdiction,
        effective_date=harris.effective_date,
        source_title="Corrected memo",
        source_url="https://example.org/harris-corrected",
    )
    assert replacement.status == Status.PUBLISHED
    assert _harris_category(client) == "no-holds-no-access"

    # Restored, the old one cannot be published over its replacement: refused, not an error.
    _action(client, "restore", harris, trash=True)
    page = _action(client, "publish", harris).content.decode()
    assert "0 policies changed." in page
    assert "Not changed" in page and "already has a policy on this map" in page
    harris.refresh_from_db()
    assert harris.status == Status.UNPUBLISHED


def test_a_trashed_policy_does_not_end_a_new_policy_added_in_the_admin(client, detainer_map):
    harris = detainer_map["harris"]
    client.force_login(staff_member("Map editor"))
    _action(client, "move_to_trash", harris)
    response = client.post(
        f"{CHANGELIST}add/",
        {
            "policy_map": detainer_map["map"].pk,
            "jurisdiction": harris.jurisdiction_id,
            "category": detainer_map["no_holds"].pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-01-01",
            "summary_en": "Re-entered.",
            "source_title_en": "Memo",
            "source_url": "https://example.org/memo",
            "end_previous": "on",
        },
    )
    assert response.status_code == 302
    harris.refresh_from_db()
    assert harris.end_date is None  # left as it was, in the trash
    assert (
        Policy.objects.published().get(jurisdiction=harris.jurisdiction).summary == "Re-entered."
    )


@pytest.mark.parametrize(
    ("role", "may"),
    [("Map editor", True), ("Administrator", True), ("Editor", False), ("Publisher", False)],
)
def test_who_may_trash_and_restore_policies(client, detainer_map, role, may):
    harris = detainer_map["harris"]
    client.force_login(staff_member(role, is_superuser=role == "Administrator"))
    _action(client, "move_to_trash", harris)
    harris.refresh_from_db()
    assert (harris.deleted_at is not None) is may
    if not may:
        # Put it in the trash as the trash does (unpublished), for the restore to be tried.
        Policy.objects.filter(pk=harris.pk).update(
            deleted_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
            status=Status.UNPUBLISHED,
        )
    _action(client, "restore", harris, trash=True)
    harris.refresh_from_db()
    assert (harris.deleted_at is None) is may


def test_without_the_delete_permission_there_is_no_trash(client, detainer_map):
    from django.contrib.auth.models import Permission

    user = staff_member("Map editor")
    user.groups.clear()
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_policy", "change_policy", "publish_policy"])
    )
    client.force_login(user)
    page = client.get(CHANGELIST).content.decode()
    assert 'value="move_to_trash"' not in page
    assert 'value="restore"' not in page
    harris = detainer_map["harris"]
    _action(client, "move_to_trash", harris)
    _action(client, "delete_selected", harris, post="yes")
    harris.refresh_from_db()
    assert harris.deleted_at is None
