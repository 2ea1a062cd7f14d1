"""A published policy is public only once its effective date has arrived, in the site's time
zone: before then no map, table, download, API, feed or jurisdiction page shows it, and a
later `as_of` is refused rather than answered with what is to come."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from maps.models import Policy
from tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db

FEATURES = "/api/maps/detainer-policies/features/"
POLICIES = "/api/maps/detainer-policies/policies/"
PAGE = "/maps/detainer-policies/"
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
# The day El Paso County's new policy takes effect, and the evening before in New York, when
# it is already that day in UTC.
EFFECTIVE = datetime.date(2031, 7, 1)
EVE = datetime.datetime(2031, 6, 30, 23, 30, tzinfo=NEW_YORK)
MORNING = datetime.datetime(2031, 7, 1, 0, 5, tzinfo=NEW_YORK)


@pytest.fixture
def announced(detainer_map, settings):
    """El Paso County's new policy, published now and in effect from EFFECTIVE."""
    settings.TIME_ZONE = "America/New_York"
    return PolicyFactory(
        category=detainer_map["no_holds"],
        jurisdiction=detainer_map["counties"]["El Paso County"],
        effective_date=EFFECTIVE,
        summary="Announced: El Paso stops honouring holds.",
        source_title="Commissioners' order",
        source_url="https://example.org/el-paso-order",
    )


def feature(client, geoid, **params):
    response = client.get(FEATURES, params)
    assert response.status_code == 200
    return next(f for f in response.json()["features"] if f["id"] == geoid)["properties"]


def test_published_includes_a_policy_from_its_effective_date_in_the_site_time_zone(announced):
    with time_machine.travel(EVE, tick=False):
        # 03:30 UTC on the effective date, but still the evening before in New York.
        assert timezone.now().date() == EFFECTIVE
        assert announced not in Policy.objects.published()
        assert Policy.objects.published().filter(summary__startswith="Harris").exists()
    with time_machine.travel(MORNING, tick=False):
        assert announced in Policy.objects.published()


def test_every_public_read_hides_the_policy_until_its_date_then_shows_it(client, announced):
    reads = [
        FEATURES,
        POLICIES,
        PAGE,
        f"{PAGE}data.csv",
        f"{PAGE}data.geojson",
        f"{PAGE}feed/",
        "/jurisdictions/48141/",
        "/jurisdictions/48141/feed/",
        "/api/jurisdictions/48141/",
        "/es/jurisdictions/48141/",
    ]
    with time_machine.travel(EVE, tick=False):
        for url in reads:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"El Paso stops honouring" not in response.content, url
            assert b"el-paso-order" not in response.content, url
        assert feature(client, "48141")["category"] is None
    with time_machine.travel(MORNING, tick=False):
        for url in reads:
            if url != PAGE:  # the page's table shows categories, not summaries
                assert b"El Paso stops honouring" in client.get(url).content, url
        assert feature(client, "48141")["category"] == "no-holds-no-access"


def test_the_cached_map_shows_the_policy_when_its_date_arrives_without_an_edit(client, announced):
    with time_machine.travel(EVE, tick=False):
        assert feature(client, "48141")["category"] is None
        etag = client.get(FEATURES)["ETag"]
    with time_machine.travel(MORNING, tick=False):
        assert feature(client, "48141")["category"] == "no-holds-no-access"
        assert client.get(FEATURES, headers={"If-None-Match": etag}).status_code == 200


def test_the_change_feed_dates_the_policy_by_the_day_it_takes_effect(client, announced):
    with time_machine.travel(MORNING + datetime.timedelta(days=3), tick=False):
        feed = client.get(f"{PAGE}feed/").content.decode()
        recent = client.get(f"{PAGE}feed/", {"since": "2031-07-01"}).content.decode()

    first_item = feed.split("<item>")[1]
    assert "El Paso" in first_item
    assert "Tue, 01 Jul 2031 04:00:00 +0000" in first_item  # midnight in New York
    assert "El Paso stops honouring" in recent
    assert "Harris" not in recent  # published long before, and in effect since 2019


@pytest.mark.parametrize("url", [FEATURES, POLICIES])
def test_a_later_as_of_is_a_400_naming_the_parameter_on_the_api(client, announced, url):
    with time_machine.travel(EVE, tick=False):
        response = client.get(url, {"as_of": EFFECTIVE.isoformat()})
        assert response.status_code == 400
        assert response.json() == {"as_of": ["as_of cannot be later than today (2031-06-30)."]}
        assert client.get(url, {"as_of": "2031-06-30"}).status_code == 200


def test_a_later_as_of_on_the_map_page_is_a_400_that_shows_today(client, announced):
    with time_machine.travel(EVE, tick=False):
        response = client.get(PAGE, {"as_of": "2031-07-01"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "as_of cannot be later than today (2031-06-30)." in html
        assert "El Paso stops honouring" not in html
        # The date picker offers no day after today.
        assert 'max="2031-06-30"' in html
        es = client.get(f"/es{PAGE}", {"as_of": "2031-07-01"})
        assert es.status_code == 400
        assert "2031-06-30" in es.content.decode()


@pytest.mark.parametrize("download", ["data.csv", "data.geojson"])
def test_a_later_as_of_on_a_download_is_a_400(client, announced, download):
    with time_machine.travel(EVE, tick=False):
        response = client.get(f"{PAGE}{download}", {"as_of": "2031-07-01"})
        assert response.status_code == 400
        assert "as_of cannot be later than today" in response.content.decode()


def test_staff_see_the_announced_policy_in_the_admin(client, announced):
    admin = get_user_model().objects.create_superuser("analyst", "a@example.org", "pw")
    with time_machine.travel(EVE, tick=False):
        client.force_login(admin)
        changelist = client.get("/admin/maps/policy/")
        assert "El Paso County" in changelist.content.decode()
        change = client.get(f"/admin/maps/policy/{announced.pk}/change/")
        assert "El Paso stops honouring" in change.content.decode()
