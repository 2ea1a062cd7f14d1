"""The jurisdiction picker of the policy and publication forms finds a place as staff type it:
"Harris County, TX" as options are labelled, a name, or a GEOID; the place meant comes first."""

import pytest

from jurisdictions.models import Jurisdiction, Level

from ..resources.staff import staff_member

pytestmark = pytest.mark.django_db

PICKER = {"app_label": "maps", "model_name": "policy", "field_name": "jurisdiction"}


@pytest.fixture
def harris_and_georgia(texas_with_counties):
    texas, counties = texas_with_counties
    Jurisdiction.objects.create(
        level=Level.AGENCY,
        name="Harris County Sheriff's Office",
        geoid="GA-HARRIS-SO",
        state_code="GA",
        slug="harris-county-sheriffs-office-ga",
    )
    return counties


def _options(client, term: str) -> list[str]:
    response = client.get("/admin/autocomplete/", {**PICKER, "term": term})
    assert response.status_code == 200
    return [option["text"] for option in response.json()["results"]]


@pytest.mark.parametrize("term", ["Harris County, TX", "harris county,tx", " Harris County , TX "])
def test_name_comma_state_finds_the_county_first(client, harris_and_georgia, term):
    client.force_login(staff_member("Map editor"))
    assert _options(client, term) == ["Harris County, TX"]


def test_name_lists_each_place_with_its_state(client, harris_and_georgia):
    client.force_login(staff_member("Map editor"))
    assert _options(client, "Harris County") == [
        "Harris County, TX",
        "Harris County Sheriff's Office, GA",
    ]


def test_geoid_finds_the_county(client, harris_and_georgia):
    client.force_login(staff_member("Map editor"))
    assert _options(client, "48201") == ["Harris County, TX"]
    assert _options(client, "48") == [
        "Texas",
        "El Paso County, TX",
        "Harris County, TX",
        "Travis County, TX",
    ]
