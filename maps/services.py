"""Writes to policies that touch several rows: a jurisdiction changing category on a map."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.publishing import Status
from jurisdictions.models import Jurisdiction

from .models import MapCategory, Policy, PolicyMap

ONE_DAY = datetime.timedelta(days=1)


@transaction.atomic
def policy_change(
    *,
    policy_map: PolicyMap,
    jurisdiction: Jurisdiction,
    category: MapCategory,
    effective_date: datetime.date,
    summary: str = "",
    source_title: str = "",
    source_url: str = "",
    last_verified: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = Status.PUBLISHED,
) -> Policy:
    """Put a jurisdiction in a category from `effective_date` on.

    The published policy in force the day before is ended that day and kept as history; on a
    map whose places may be in several categories at once, only a policy of the same category.
    A policy that starts on or after `effective_date` is left alone and the change refused:
    the staff member should edit that policy instead.
    """
    policy = Policy(
        policy_map=policy_map,
        jurisdiction=jurisdiction,
        category=category,
        effective_date=effective_date,
        end_date=end_date,
        summary=summary,
        source_title=source_title,
        source_url=source_url,
        last_verified=last_verified,
        status=status,
    )
    # Field rules, category-of-this-map and level checks; the overlap check comes after
    # the previous policy has been ended.
    policy.full_clean(validate_constraints=False)
    if status == Status.PUBLISHED:
        current = Policy.objects.select_for_update().filter(
            policy_map=policy_map, jurisdiction=jurisdiction, status=Status.PUBLISHED
        )
        if policy_map.multiple_categories:
            current = current.filter(category=category)
        current = list(current.exclude(end_date__lt=effective_date).order_by("effective_date"))
        for previous in current:
            if previous.effective_date >= effective_date:
                raise ValidationError(
                    _(
                        "%(jurisdiction)s already has a policy on this map from %(date)s; "
                        "edit that policy instead."
                    )
                    % {"jurisdiction": jurisdiction, "date": previous.effective_date.isoformat()}
                )
            previous.end_date = effective_date - ONE_DAY
            previous.save(update_fields=["end_date", "updated"])
    policy.validate_constraints()
    policy.save()
    return policy
