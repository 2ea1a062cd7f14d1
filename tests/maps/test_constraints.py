"""The database keeps one published policy per jurisdiction and map in force on any date."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.publishing import Status
from maps.models import Policy
from tests.factories import MapCategoryFactory, PolicyFactory, PolicyMapFactory

pytestmark = pytest.mark.django_db


def test_overlapping_published_policies_are_refused_by_the_database(detainer_legend, harris):
    _, hold, no_holds = detainer_legend
    PolicyFactory(category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(
            category=no_holds, jurisdiction=harris, effective_date=datetime.date(2020, 6, 1)
        )
    assert Policy.objects.filter(jurisdiction=harris).count() == 1


def test_a_period_ending_the_day_before_the_next_starts_is_allowed(detainer_legend, harris):
    _, hold, no_holds = detainer_legend
    PolicyFactory(
        category=hold,
        jurisdiction=harris,
        effective_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 5, 31),
    )
    PolicyFactory(category=no_holds, jurisdiction=harris, effective_date=datetime.date(2020, 6, 1))
    on = Policy.objects.filter(jurisdiction=harris).in_force
    assert on(datetime.date(2020, 5, 31)).get().category == hold
    assert on(datetime.date(2020, 6, 1)).get().category == no_holds


def test_sharing_the_last_day_is_an_overlap(detainer_legend, harris):
    _, hold, no_holds = detainer_legend
    PolicyFactory(
        category=hold,
        jurisdiction=harris,
        effective_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2020, 6, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(
            category=no_holds, jurisdiction=harris, effective_date=datetime.date(2020, 6, 1)
        )


def test_drafts_are_not_constrained(detainer_legend, harris):
    _, hold, no_holds = detainer_legend
    PolicyFactory(category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1))
    draft = PolicyFactory(
        category=no_holds,
        jurisdiction=harris,
        effective_date=datetime.date(2020, 6, 1),
        status=Status.DRAFT,
    )
    assert draft.pk
    assert (
        Policy.objects.filter(jurisdiction=harris).in_force(datetime.date(2021, 1, 1)).count() == 2
    )


def test_other_maps_and_other_counties_are_independent(detainer_legend, texas_with_counties):
    _, hold, _ = detainer_legend
    counties = texas_with_counties[1]
    other_map_category = MapCategoryFactory(slug="jail-enforcement")
    start = datetime.date(2018, 1, 1)
    PolicyFactory(category=hold, jurisdiction=counties["Harris County"], effective_date=start)
    PolicyFactory(category=hold, jurisdiction=counties["Travis County"], effective_date=start)
    PolicyFactory(
        category=other_map_category, jurisdiction=counties["Harris County"], effective_date=start
    )
    assert Policy.objects.count() == 3


def test_end_before_start_is_refused(detainer_legend, harris):
    _, hold, _ = detainer_legend
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(
            category=hold,
            jurisdiction=harris,
            effective_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 12, 31),
        )


def test_admin_shows_an_overlap_as_a_form_error_not_a_server_error(
    detainer_legend, harris, admin_client
):
    policy_map, hold, no_holds = detainer_legend
    PolicyFactory(category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1))
    response = admin_client.post(
        "/admin/maps/policy/add/",
        {
            "policy_map": policy_map.pk,
            "jurisdiction": harris.pk,
            "category": no_holds.pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-06-01",
            "summary_en": "Stops honouring holds.",
            "source_title_en": "Sheriff's memo",
            "source_url": "https://example.org/memo",
        },
    )
    assert response.status_code == 200
    assert "already has a policy on this map in force" in response.content.decode()
    assert Policy.objects.filter(jurisdiction=harris).count() == 1


def test_admin_refuses_a_category_of_another_map(detainer_legend, harris, admin_client):
    policy_map, _, _ = detainer_legend
    foreign = MapCategoryFactory(slug="task-force", label="Task force model")
    response = admin_client.post(
        "/admin/maps/policy/add/",
        {
            "policy_map": policy_map.pk,
            "jurisdiction": harris.pk,
            "category": foreign.pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-06-01",
            "source_title_en": "Sheriff's memo",
            "source_url": "https://example.org/memo",
        },
    )
    assert response.status_code == 200
    assert "This category belongs to another map." in response.content.decode()
    assert not Policy.objects.exists()


def test_admin_saves_a_valid_policy_and_lists_it(detainer_legend, harris, admin_client):
    policy_map, hold, _ = detainer_legend
    response = admin_client.post(
        "/admin/maps/policy/add/",
        {
            "policy_map": policy_map.pk,
            "jurisdiction": harris.pk,
            "category": hold.pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-06-01",
            "source_title_en": "Sheriff's memo",
            "source_url": "https://example.org/memo",
        },
    )
    assert response.status_code == 302
    listing = admin_client.get("/admin/maps/policy/", {"jurisdiction__state_code": "TX"})
    assert listing.status_code == 200
    assert "Harris County, TX" in listing.content.decode()
    page = admin_client.get(f"/admin/jurisdictions/jurisdiction/{harris.pk}/change/")
    assert page.status_code == 200
    assert "ICE hold policy" in page.content.decode()
    policy = Policy.objects.get()
    edit = admin_client.get(f"/admin/maps/policy/{policy.pk}/change/")
    assert edit.status_code == 200
    assert 'name="end_previous"' not in edit.content.decode()


def test_admin_map_screen_edits_the_legend_in_both_languages(detainer_legend, admin_client):
    policy_map, _, _ = detainer_legend
    page = admin_client.get(f"/admin/maps/policymap/{policy_map.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="categories-0-label_es"' in html
    assert 'name="categories-1-label_en"' in html
    assert admin_client.get("/admin/maps/policymap/").status_code == 200
    assert admin_client.get("/admin/maps/policy/", {"q": "Harris"}).status_code == 200


def test_admin_new_policy_can_end_the_previous_one_the_day_before(
    detainer_legend, harris, admin_client
):
    policy_map, hold, no_holds = detainer_legend
    old = PolicyFactory(
        category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1)
    )
    form = admin_client.get("/admin/maps/policy/add/").content.decode()
    assert 'name="end_previous"' in form
    response = admin_client.post(
        "/admin/maps/policy/add/",
        {
            "policy_map": policy_map.pk,
            "jurisdiction": harris.pk,
            "category": no_holds.pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-06-01",
            "source_title_en": "Sheriff's memo",
            "source_url": "https://example.org/memo",
            "end_previous": "on",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end_date == datetime.date(2020, 5, 31)
    assert (
        Policy.objects.filter(jurisdiction=harris)
        .in_force(datetime.date(2021, 1, 1))
        .get()
        .category
        == no_holds
    )


def test_admin_refused_form_leaves_the_previous_policy_in_force(
    detainer_legend, harris, admin_client
):
    policy_map, hold, no_holds = detainer_legend
    old = PolicyFactory(
        category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1)
    )
    response = admin_client.post(
        "/admin/maps/policy/add/",
        {
            "policy_map": policy_map.pk,
            "jurisdiction": harris.pk,
            "category": no_holds.pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-06-01",
            "source_title_en": "",  # a published policy needs its source: refused
            "source_url": "",
            "end_previous": "on",
        },
    )
    assert response.status_code == 200
    assert "needs a source title and URL" in response.content.decode()
    old.refresh_from_db()
    assert old.end_date is None


@pytest.fixture
def agreements_legend():
    """A 287(g)-like map: a place may hold several models at once."""
    policy_map = PolicyMapFactory(
        slug="287g-agreements", level="county", show_agencies=True, multiple_categories=True
    )
    jail = MapCategoryFactory(policy_map=policy_map, slug="jail-enforcement")
    task_force = MapCategoryFactory(policy_map=policy_map, slug="task-force")
    return policy_map, jail, task_force


def test_a_multi_category_map_holds_two_categories_at_once(agreements_legend, harris):
    _, jail, task_force = agreements_legend
    PolicyFactory(category=jail, jurisdiction=harris, effective_date=datetime.date(2025, 1, 1))
    PolicyFactory(
        category=task_force, jurisdiction=harris, effective_date=datetime.date(2025, 3, 1)
    )
    in_force = Policy.objects.filter(jurisdiction=harris).in_force(datetime.date(2025, 4, 1))
    assert {policy.category for policy in in_force} == {jail, task_force}
    assert not any(policy.exclusive for policy in in_force)


def test_a_multi_category_map_still_refuses_two_periods_of_one_category(agreements_legend, harris):
    _, jail, _ = agreements_legend
    PolicyFactory(category=jail, jurisdiction=harris, effective_date=datetime.date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(category=jail, jurisdiction=harris, effective_date=datetime.date(2025, 3, 1))


def test_a_single_category_map_keeps_refusing_two_categories_at_once(detainer_legend, harris):
    policy_map, hold, no_holds = detainer_legend
    assert policy_map.multiple_categories is False
    PolicyFactory(category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyFactory(
            category=no_holds, jurisdiction=harris, effective_date=datetime.date(2019, 1, 1)
        )


def test_a_map_cannot_go_back_to_one_category_while_a_place_holds_two(agreements_legend, harris):
    policy_map, jail, task_force = agreements_legend
    PolicyFactory(category=jail, jurisdiction=harris, effective_date=datetime.date(2025, 1, 1))
    PolicyFactory(
        category=task_force, jurisdiction=harris, effective_date=datetime.date(2025, 3, 1)
    )
    policy_map.multiple_categories = False
    with pytest.raises(ValidationError, match="several categories at once"):
        policy_map.full_clean()


def test_switching_a_map_to_several_categories_relaxes_its_policies(detainer_legend, harris):
    policy_map, hold, no_holds = detainer_legend
    PolicyFactory(category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1))
    policy_map.multiple_categories = True
    policy_map.save()
    PolicyFactory(category=no_holds, jurisdiction=harris, effective_date=datetime.date(2019, 1, 1))
    assert Policy.objects.filter(jurisdiction=harris, exclusive=False).count() == 2


def test_checking_a_new_policy_writes_nothing_until_it_is_saved(
    detainer_legend, harris, admin_user, rf
):
    """The admin form only validates; ending the policy it replaces is the service's write,
    on save (maps.services.end_previous_policies, shared with the shell's policy_change)."""
    from django.contrib import admin as django_admin

    policy_map, hold, no_holds = detainer_legend
    old = PolicyFactory(
        category=hold, jurisdiction=harris, effective_date=datetime.date(2018, 1, 1)
    )
    stamp = old.updated
    request = rf.post("/admin/maps/policy/add/")
    request.user = admin_user
    form_class = django_admin.site._registry[Policy].get_form(request, None, change=False)
    form = form_class(
        data={
            "policy_map": policy_map.pk,
            "jurisdiction": harris.pk,
            "category": no_holds.pk,
            "status": Status.PUBLISHED,
            "effective_date": "2020-06-01",
            "source_title_en": "Sheriff's memo",
            "source_url": "https://example.org/memo",
            "end_previous": "on",
        }
    )
    assert form.is_valid(), form.errors
    assert [policy.pk for policy in form.instance.replacing] == [old.pk]
    old.refresh_from_db()
    assert old.end_date is None and old.updated == stamp


def test_a_place_shaded_through_its_agencies_counts_once_among_the_shaded(
    agreements_legend, texas_with_counties
):
    """The legend's "No policy" count of a multi-category map: a county with a policy of its
    own, or one through any number of its agencies, is shaded; a state agency shades none."""
    from jurisdictions.models import Level
    from maps.selectors import legend_and_unshaded
    from tests.factories import JurisdictionFactory

    policy_map, jail, task_force = agreements_legend
    texas, counties = texas_with_counties
    on = datetime.date(2025, 1, 1)
    PolicyFactory(category=jail, jurisdiction=counties["Harris County"], effective_date=on)
    sheriff, police = (
        JurisdictionFactory(level=Level.AGENCY, name=name, parent=counties["Travis County"])
        for name in ("Travis County Sheriff", "Austin Police")
    )
    PolicyFactory(category=jail, jurisdiction=sheriff, effective_date=on)
    PolicyFactory(category=task_force, jurisdiction=sheriff, effective_date=on)
    PolicyFactory(category=task_force, jurisdiction=police, effective_date=on)
    state_agency = JurisdictionFactory(level=Level.AGENCY, name="State patrol", parent=texas)
    PolicyFactory(category=jail, jurisdiction=state_agency, effective_date=on)

    _legend, unshaded = legend_and_unshaded(policy_map, as_of=datetime.date(2025, 6, 1))
    assert unshaded == 1  # El Paso County only
    _legend, unshaded = legend_and_unshaded(policy_map, as_of=datetime.date(2024, 6, 1))
    assert unshaded == 3


@pytest.mark.parametrize("several", [True, False])
def test_a_dates_shading_is_what_the_full_features_document_says(
    client, agreements_legend, detainer_legend, texas_with_counties, several
):
    """The shading a date change fetches is read apart from the popups' details; on every
    date it shades each place and agency as the whole features document does, and counts the
    places without a policy as the legend does."""
    from django.contrib.gis.geos import Point

    from jurisdictions.models import Level
    from maps.selectors import legend_and_unshaded
    from tests.factories import JurisdictionFactory

    texas, counties = texas_with_counties
    if several:
        policy_map, first, second = agreements_legend
        sheriff, state_agency = (
            JurisdictionFactory(level=Level.AGENCY, name=name, parent=parent, point=Point(-97, 30))
            for name, parent in (
                ("Travis County Sheriff", counties["Travis County"]),
                ("State patrol", texas),
            )
        )
        holders = [sheriff, sheriff, state_agency, counties["Harris County"]]
    else:
        policy_map, first, second = detainer_legend
        holders = [counties["Harris County"], counties["Travis County"]]
    for number, holder in enumerate(holders):
        PolicyFactory(
            category=second if number % 2 else first,
            jurisdiction=holder,
            effective_date=datetime.date(2020 + number, 1, 1),
            end_date=datetime.date(2026, 1, 1) if number == 1 else None,
        )
    if not several:
        Policy.objects.filter(jurisdiction=counties["Harris County"], category=first).update(
            end_date=datetime.date(2023, 12, 31)
        )
        PolicyFactory(
            category=second,
            jurisdiction=counties["Harris County"],
            effective_date=datetime.date(2024, 1, 1),
        )

    url = f"/api/maps/{policy_map.slug}/"
    checked = set()
    for as_of in (
        "2019-06-01",
        "2020-06-01",
        "2021-06-01",
        "2023-06-01",
        "2025-06-01",
        "2026-06-01",
    ):
        shading = client.get(url + "places/", {"as_of": as_of}).json()
        answer = client.get(url + "features/", {"as_of": as_of})
        assert answer.status_code == 200, answer.content
        features = json.loads(answer.content)["features"]
        expected = {
            feature["properties"]["geoid"]: feature["properties"]["category"]
            for feature in features
            if feature["properties"]["category"]
        }
        shown = {geoid: shading["categories"][index] for geoid, index in shading["places"].items()}
        assert shown == expected, as_of
        _legend, unshaded = legend_and_unshaded(
            policy_map, as_of=datetime.date.fromisoformat(as_of)
        )
        assert shading["counts"][""] == unshaded, as_of
        checked.add(frozenset(shown.items()))
    assert len(checked) >= 3  # the dates shade differently
