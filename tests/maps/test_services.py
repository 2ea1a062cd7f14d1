"""policy_change: a jurisdiction moving to another category keeps its history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.publishing import Status
from maps.models import Policy
from maps.services import policy_change
from tests.factories import MapCategoryFactory, PolicyFactory

pytestmark = pytest.mark.django_db

SOURCE = {"source_title": "Sheriff's memo", "source_url": "https://example.org/memo"}


def test_change_ends_the_previous_policy_the_day_before(detainer_legend, harris):
    policy_map, hold, no_holds = detainer_legend
    old = PolicyFactory(
        category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1)
    )

    new = policy_change(
        policy_map=policy_map,
        jurisdiction=harris,
        category=no_holds,
        effective_date=datetime.date(2021, 3, 15),
        summary="The sheriff stopped honouring holds.",
        last_verified=datetime.date(2024, 1, 2),
        **SOURCE,
    )

    old.refresh_from_db()
    assert old.end_date == datetime.date(2021, 3, 14)
    assert new.end_date is None
    assert new.last_verified == datetime.date(2024, 1, 2)
    history = Policy.objects.filter(jurisdiction=harris).order_by("effective_date")
    assert [p.category.slug for p in history] == ["hold-policy", "no-holds-no-access"]
    in_force = Policy.objects.filter(jurisdiction=harris).in_force
    assert in_force(datetime.date(2021, 3, 14)).get() == old
    assert in_force(datetime.date(2021, 3, 15)).get() == new
    # The previous version of the old policy is kept in its history, with no end date.
    assert old.history.earliest().end_date is None


def test_first_policy_needs_nothing_to_end(detainer_legend, harris):
    policy_map, hold, _ = detainer_legend
    policy = policy_change(
        policy_map=policy_map,
        jurisdiction=harris,
        category=hold,
        effective_date=datetime.date(2019, 1, 1),
        **SOURCE,
    )
    assert Policy.objects.get() == policy


def test_policies_already_ended_are_left_alone(detainer_legend, harris):
    policy_map, hold, no_holds = detainer_legend
    ended = PolicyFactory(
        category=hold,
        jurisdiction=harris,
        effective_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2016, 1, 1),
    )
    policy_change(
        policy_map=policy_map,
        jurisdiction=harris,
        category=no_holds,
        effective_date=datetime.date(2020, 1, 1),
        **SOURCE,
    )
    ended.refresh_from_db()
    assert ended.end_date == datetime.date(2016, 1, 1)


def test_a_change_dated_before_a_later_policy_is_refused(detainer_legend, harris):
    policy_map, hold, no_holds = detainer_legend
    PolicyFactory(category=hold, jurisdiction=harris, effective_date=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="already has a policy on this map from 2020-01-01"):
        policy_change(
            policy_map=policy_map,
            jurisdiction=harris,
            category=no_holds,
            effective_date=datetime.date(2019, 1, 1),
            **SOURCE,
        )
    assert Policy.objects.get().end_date is None


def test_category_of_another_map_is_refused(detainer_legend, harris):
    policy_map, _, _ = detainer_legend
    task_force = MapCategoryFactory(slug="task-force")
    with pytest.raises(ValidationError) as error:
        policy_change(
            policy_map=policy_map,
            jurisdiction=harris,
            category=task_force,
            effective_date=datetime.date(2019, 1, 1),
            **SOURCE,
        )
    assert "category" in error.value.message_dict
    assert not Policy.objects.exists()


def test_a_state_cannot_go_on_a_county_map(detainer_legend, texas):
    policy_map, hold, _ = detainer_legend
    with pytest.raises(ValidationError) as error:
        policy_change(
            policy_map=policy_map,
            jurisdiction=texas,
            category=hold,
            effective_date=datetime.date(2019, 1, 1),
            **SOURCE,
        )
    assert "jurisdiction" in error.value.message_dict


def test_a_published_policy_needs_its_source(detainer_legend, harris):
    policy_map, hold, _ = detainer_legend
    with pytest.raises(ValidationError, match="needs a source"):
        policy_change(
            policy_map=policy_map,
            jurisdiction=harris,
            category=hold,
            effective_date=datetime.date(2019, 1, 1),
        )


def test_a_draft_change_leaves_the_published_policy_in_force(detainer_legend, harris):
    policy_map, hold, no_holds = detainer_legend
    current = PolicyFactory(
        category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1)
    )
    policy_change(
        policy_map=policy_map,
        jurisdiction=harris,
        category=no_holds,
        effective_date=datetime.date(2021, 1, 1),
        status=Status.DRAFT,
    )
    current.refresh_from_db()
    assert current.end_date is None
