"""Writes to policies that touch several rows: a new policy ending the one it replaces, and a
jurisdiction changing category on a map. The admin, the importers and the shell use these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.publishing import Status
from jurisdictions.models import Jurisdiction

from .models import MapCategory, Policy, PolicyMap


def policies_replaced_by(
    *,
    policy_map: PolicyMap,
    jurisdiction: Jurisdiction,
    category: MapCategory,
    effective_date: datetime.date,
) -> QuerySet:
    """The published policies a new one from `effective_date` replaces: same map and place
    (and category, on a map whose places may hold several at once), started before that day
    and still in force on it."""
    current = Policy.objects.filter(
        policy_map=policy_map,
        jurisdiction=jurisdiction,
        status=Status.PUBLISHED,
        effective_date__lt=effective_date,
    ).exclude(end_date__lt=effective_date)
    if policy_map.multiple_categories:
        current = current.filter(category=category)
    return current


@transaction.atomic
def end_previous_policies(*, policy: Policy) -> list[Policy]:
    """End, the day before `policy` takes effect, the policies it replaces (those found by
    policies_replaced_by, or the ones already set on policy.replacing); they stay as history.
    Call before saving the new policy, in the same transaction."""
    replaced = list(policy.replacing) or list(
        policies_replaced_by(
            policy_map=policy.policy_map,
            jurisdiction=policy.jurisdiction,
            category=policy.category,
            effective_date=policy.effective_date,
        ).select_for_update()
    )
    for previous in replaced:
        previous.end_date = Policy.end_before(policy.effective_date)
        previous.save(update_fields=["end_date", "updated"])
    return replaced


@transaction.atomic
def policy_change(
    *,
    policy_map: PolicyMap,
    jurisdiction: Jurisdiction,
    category: MapCategory,
    effective_date: datetime.date,
    summary: str = "",
    source_title: str = "",
    summary_es: str = "",
    source_title_es: str = "",
    source_url: str = "",
    last_verified: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = Status.PUBLISHED,
) -> Policy:
    """Put a jurisdiction in a category from `effective_date` on.

    The published policy in force the day before is ended that day and kept as history; on a
    map whose places may be in several categories at once, only a policy of the same category.
    A policy that starts on or after `effective_date` is left alone and the change refused:
    the staff member should edit that policy instead. `summary` and `source_title` are the
    English texts, `summary_es` and `source_title_es` their Spanish versions.
    """
    policy = Policy(
        policy_map=policy_map,
        jurisdiction=jurisdiction,
        category=category,
        effective_date=effective_date,
        end_date=end_date,
        summary_en=summary,
        source_title_en=source_title,
        summary_es=summary_es,
        source_title_es=source_title_es,
        source_url=source_url,
        last_verified=last_verified,
        status=status,
    )
    # Field rules, category-of-this-map and level checks; the overlap check comes after
    # the previous policy has been ended.
    policy.full_clean(validate_constraints=False)
    if status == Status.PUBLISHED:
        later = Policy.objects.filter(
            policy_map=policy_map,
            jurisdiction=jurisdiction,
            status=Status.PUBLISHED,
            effective_date__gte=effective_date,
        )
        if policy_map.multiple_categories:
            later = later.filter(category=category)
        later = later.order_by("effective_date").first()
        if later is not None:
            raise ValidationError(
                _(
                    "%(jurisdiction)s already has a policy on this map from %(date)s; "
                    "edit that policy instead."
                )
                % {"jurisdiction": jurisdiction, "date": later.effective_date.isoformat()}
            )
        end_previous_policies(policy=policy)
    policy.validate_constraints()
    policy.save()
    return policy
