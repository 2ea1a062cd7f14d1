"""A jurisdiction's page: place, parent and children, policies with history, publications."""

import datetime
import json

import pytest
from django.utils import timezone

from core.publishing import Status
from tests.factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
    ResourceTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def harris_history(texas_with_counties):
    texas, counties = texas_with_counties
    harris = counties["Harris County"]
    policy_map = PolicyMapFactory(slug="detainer-policies", title="Detainer policies")
    hold = MapCategoryFactory(policy_map=policy_map, slug="hold-policy", label="ICE hold policy")
    no_holds = MapCategoryFactory(
        policy_map=policy_map, slug="no-holds-no-access", label="No ICE holds; no ICE access"
    )
    PolicyFactory(
        category=no_holds,
        jurisdiction=harris,
        effective_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2019, 2, 28),
        summary="Refused holds until 2019.",
        source_title="2015 sheriff's policy",
    )
    PolicyFactory(
        category=hold,
        jurisdiction=harris,
        effective_date=datetime.date(2019, 3, 1),
        last_verified=datetime.date(2024, 5, 1),
        summary="Honours <em>some</em> detainers.",
        source_title="2019 sheriff's memo",
    )
    hidden_map = PolicyMapFactory(slug="draft-map", title="Draft map", is_published=False)
    PolicyFactory(category=MapCategoryFactory(policy_map=hidden_map), jurisdiction=harris)
    PolicyFactory(category=hold, jurisdiction=counties["Travis County"], status=Status.DRAFT)
    return texas, counties


def test_county_page_lists_policies_current_first_with_history(client, harris_history):
    response = client.get("/jurisdictions/48201/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Harris County, TX</h1>" in html
    assert 'href="/jurisdictions/48/">Texas</a>' in html
    assert html.index("2019 sheriff&#x27;s memo") < html.index("2015 sheriff&#x27;s policy")
    assert "(in force)" in html
    assert "(ended)" in html
    assert 'datetime="2019-02-28"' in html
    assert "Draft map" not in html
    # The summary is shown as text.
    assert "Honours &lt;em&gt;some&lt;/em&gt; detainers." in html
    assert 'href="/maps/detainer-policies/"' in html


def test_state_page_lists_its_counties(client, harris_history):
    html = client.get("/jurisdictions/48/").content.decode()

    for geoid, name in [("48201", "Harris County"), ("48453", "Travis County")]:
        assert f'href="/jurisdictions/{geoid}/">{name}</a>' in html
    assert "No map records a policy for this place." in html


def test_a_postal_code_redirects_to_the_geoid_address(client, harris_history):
    response = client.get("/jurisdictions/tx/")

    assert response.status_code == 301
    assert response["Location"] == "/jurisdictions/48/"


@pytest.mark.parametrize("code", ["ZZ", "99999", "48201x", "%3Cscript%3E"])
def test_unknown_codes_are_404(client, harris_history, code):
    assert client.get(f"/jurisdictions/{code}/").status_code == 404


def test_related_publications_are_published_ones_only(client, harris_history):
    _, counties = harris_history
    ResourceTypeFactory(slug="practice-advisory", name="Practice Advisory")
    ResourceFactory(
        title="Harris County detainers explained", jurisdictions=[counties["Harris County"]]
    )
    ResourceFactory(
        title="Unfinished draft on Harris",
        status=Status.DRAFT,
        jurisdictions=[counties["Harris County"]],
    )
    ResourceFactory(
        title="Scheduled piece",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        jurisdictions=[counties["Harris County"]],
    )

    html = client.get("/jurisdictions/48201/").content.decode()

    assert "Harris County detainers explained" in html
    assert "Unfinished draft on Harris" not in html
    assert "Scheduled piece" not in html


def test_small_map_gets_the_boundary_as_data_not_code(client, harris_history):
    response = client.get("/jurisdictions/48201/")

    html = response.content.decode()
    assert 'id="jurisdiction-geometry"' in html
    assert response.context["geometry"]["type"] in ("Polygon", "MultiPolygon")
    start = html.index('id="jurisdiction-geometry"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert json.loads(payload)["coordinates"]


def test_page_query_count_is_fixed(client, harris_history, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/jurisdictions/48/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/jurisdictions/48201/").status_code == 200
