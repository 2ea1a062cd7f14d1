"""Maps shared by the map tests: the detainer map over Texas counties, the state map."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def detainer_legend():
    """An empty county map with two legend entries: holds, and no holds or access."""
    policy_map = PolicyMapFactory(
        slug="detainer-policies", title="Detainer policies", level="county"
    )
    hold = MapCategoryFactory(policy_map=policy_map, slug="hold-policy", label="ICE hold policy")
    no_holds = MapCategoryFactory(
        policy_map=policy_map, slug="no-holds-no-access", label="No ICE holds; no ICE access"
    )
    return policy_map, hold, no_holds


@pytest.fixture
def harris(texas_with_counties):
    return texas_with_counties[1]["Harris County"]


@pytest.fixture
def detainer_map(texas_with_counties):
    """Harris County holds for ICE since 2019; Travis County's policy ended yesterday."""
    texas, counties = texas_with_counties
    today = timezone.localdate()
    policy_map = PolicyMapFactory(
        slug="detainer-policies",
        title="Detainer policies",
        level="county",
        sample_data=True,
        methodology="Counted from jail policies.",
    )
    hold = MapCategoryFactory(
        policy_map=policy_map,
        slug="hold-policy",
        label="ICE hold policy",
        color="#1f78b4",
        position=1,
    )
    no_holds = MapCategoryFactory(
        policy_map=policy_map,
        slug="no-holds-no-access",
        label="No ICE holds; no ICE access",
        color="#33a02c",
        position=2,
    )
    harris = PolicyFactory(
        category=hold,
        jurisdiction=counties["Harris County"],
        effective_date=datetime.date(2019, 3, 1),
        last_verified=datetime.date(2024, 5, 1),
        summary="Harris County jail honours some detainers.",
        source_title="Sheriff's memo",
        source_url="https://example.org/harris-memo",
    )
    travis = PolicyFactory(
        category=no_holds,
        jurisdiction=counties["Travis County"],
        effective_date=datetime.date(2018, 1, 1),
        end_date=today - datetime.timedelta(days=1),
        summary="Travis County refused holds.",
        source_title="Sheriff's policy",
        source_url="https://example.org/travis-policy",
    )
    return {
        "map": policy_map,
        "hold": hold,
        "no_holds": no_holds,
        "harris": harris,
        "travis": travis,
        "texas": texas,
        "counties": counties,
    }
