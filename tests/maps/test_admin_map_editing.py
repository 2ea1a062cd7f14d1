"""Map editing in the admin: legend colours, a policy's category choices, and what changing a
policy's category means (a correction, or a new policy from a date)."""

import datetime
import re

import pytest

from maps.colours import contrast_ratio, legend_warnings
from maps.models import MapCategory, Policy

from ..factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory
from ..resources.staff import staff_member
from .test_admin_curation import CHANGELIST, _form

pytestmark = pytest.mark.django_db


def test_contrast_of_black_and_white_is_21_to_1():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


def test_legend_warns_of_pale_and_look_alike_colours():
    detainers = PolicyMapFactory()
    MapCategoryFactory(policy_map=detainers, slug="a", label="ICE hold policy", color="#1f78b4")
    MapCategoryFactory(policy_map=detainers, slug="b", label="No ICE holds", color="#1f78b6")
    MapCategoryFactory(policy_map=detainers, slug="c", label="Statewide law", color="#ffff99")
    MapCategoryFactory(policy_map=detainers, slug="d", label="Fourth Amendment", color="#33a02c")
    warnings = legend_warnings(detainers.categories.all())
    assert len(warnings) == 2
    assert "“ICE hold policy” (#1f78b4) and “No ICE holds” (#1f78b6) look alike" in warnings[1]
    assert "“Statewide law” (#ffff99) has a contrast of 1.0:1 against the white map" in warnings[0]


def test_legend_colour_is_a_colour_input(client):
    detainers = PolicyMapFactory()
    MapCategoryFactory(policy_map=detainers, color="#1f78b4")
    client.force_login(staff_member("Map editor"))
    page = client.get(f"/admin/maps/policymap/{detainers.pk}/change/").content.decode()
    assert 'type="color"' in page and 'value="#1f78b4"' in page
    description = re.search(r'<textarea[^>]*name="categories-0-description_en"[^>]*>', page)[0]
    assert "vLargeTextField" not in description and 'cols="14"' in description


def test_a_policy_offers_only_its_maps_categories(client):
    policy = PolicyFactory()
    elsewhere = MapCategoryFactory(label="A category of another map")
    client.force_login(staff_member("Map editor"))
    page = client.get(f"{CHANGELIST}{policy.pk}/change/").content.decode()
    assert str(policy.category.label) in page
    assert elsewhere.label not in page
    # A new policy lists every map's categories, each naming its map for the script to narrow.
    add = client.get(f"{CHANGELIST}add/").content.decode()
    assert f'data-map="{elsewhere.policy_map_id}"' in add


@pytest.fixture
def harris_holds():
    policy = PolicyFactory(effective_date=datetime.date(2019, 3, 1), summary="Honours holds.")
    refuses = MapCategoryFactory(policy_map=policy.policy_map, slug="no-holds", label="No holds")
    return policy, refuses


def test_changing_the_category_asks_what_the_change_means(client, harris_holds):
    policy, refuses = harris_holds
    client.force_login(staff_member("Map editor"))
    response = client.post(f"{CHANGELIST}{policy.pk}/change/", _form(policy, category=refuses.pk))
    assert response.status_code == 200
    assert "Say whether this corrects a mistake" in response.content.decode()
    assert Policy.objects.get(pk=policy.pk).category_id == policy.category_id


def test_a_correction_changes_the_record_in_place(client, harris_holds):
    policy, refuses = harris_holds
    client.force_login(staff_member("Map editor"))
    data = _form(policy, category=refuses.pk, category_change="correction")
    assert client.post(f"{CHANGELIST}{policy.pk}/change/", data).status_code == 302
    assert Policy.objects.get(pk=policy.pk).category == refuses
    assert Policy.objects.count() == 1


def test_a_new_policy_from_a_date_keeps_the_old_one_as_history(client, harris_holds):
    policy, refuses = harris_holds
    client.force_login(staff_member("Map editor"))
    data = _form(
        policy,
        category=refuses.pk,
        category_change="new",
        change_date="2024-07-01",
        summary="Stopped honouring holds.",
    )
    assert client.post(f"{CHANGELIST}{policy.pk}/change/", data).status_code == 302
    old = Policy.objects.get(pk=policy.pk)
    assert (old.category_id, old.end_date) == (policy.category_id, datetime.date(2024, 6, 30))
    assert old.summary == "Honours holds."
    new = Policy.objects.exclude(pk=policy.pk).get()
    assert (new.category, new.effective_date, new.end_date) == (
        refuses,
        datetime.date(2024, 7, 1),
        None,
    )
    assert new.summary == "Stopped honouring holds."


def test_a_new_policy_needs_a_date_after_the_current_one(client, harris_holds):
    policy, refuses = harris_holds
    client.force_login(staff_member("Map editor"))
    data = _form(policy, category=refuses.pk, category_change="new", change_date="2018-01-01")
    response = client.post(f"{CHANGELIST}{policy.pk}/change/", data)
    assert "The new policy must start after this one (2019-03-01)." in response.content.decode()
    assert Policy.objects.count() == 1
    assert MapCategory.objects.count() == 2
