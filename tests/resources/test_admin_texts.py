"""What staff read in the admin: the site's name, a 403 page with a way back, history entries
in words, and a flag wherever Spanish text is missing."""

import pytest

from core.publishing import Status

from ..factories import MapCategoryFactory, PolicyMapFactory, ResourceFactory, TopicFactory
from .staff import staff_member
from .test_roles import CHANGELIST

pytestmark = pytest.mark.django_db


def test_admin_carries_the_site_name_not_django(client, settings):
    login = client.get("/admin/login/").content.decode()
    assert f"{settings.SITE_NAME} staff" in login and "Django" not in login
    client.force_login(staff_member("Editor"))
    page = client.get("/admin/").content.decode()
    assert "Django administration" not in page and "Django site admin" not in page
    assert f"{settings.SITE_NAME} staff" in page


def test_forbidden_page_explains_and_leads_back(client):
    client.force_login(staff_member("Map editor"))
    response = client.get(CHANGELIST)
    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not open this page" in page
    assert 'href="/admin/"' in page and "Back to the staff admin" in page


def test_history_shows_labels_and_no_empty_change_reason(client):
    advisory = ResourceFactory(title="Bond hearings", status=Status.REVIEW)
    client.force_login(staff_member("Publisher", username="maria"))
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [advisory.pk]})
    page = " ".join(client.get(f"{CHANGELIST}{advisory.pk}/history/").content.decode().split())
    assert "<strong>Status:</strong> In review → Published" in page
    assert "review → published" not in page
    assert "None" not in page.split('id="change-history"')[1]


def test_a_topic_without_spanish_is_flagged_in_the_list_and_on_save(client):
    TopicFactory(name="Detainers", name_es="")
    TopicFactory(name="DACA", name_es="DACA")
    client.force_login(staff_member("Publisher"))
    page = client.get("/admin/resources/topic/").content.decode()
    assert "Missing: name" in page and "Complete" in page
    response = client.post(
        "/admin/resources/topic/add/",
        {"name_en": "U visas", "slug": "u-visas", "description_en": ""},
        follow=True,
    )
    assert "“U visas” has no Spanish text for: name. The Spanish site shows" in (
        response.content.decode().replace("&quot;", '"')
    )


def test_a_map_lists_legend_entries_without_spanish(client):
    detainers = PolicyMapFactory(title="Detainer policies", title_es="Órdenes de detención")
    MapCategoryFactory(policy_map=detainers, label="ICE hold policy", label_es="")
    client.force_login(staff_member("Map editor"))
    page = client.get("/admin/maps/policymap/").content.decode()
    assert "legend “ICE hold policy”: label" in page
