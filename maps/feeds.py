"""“What changed” feeds: policies adopted or ended, per map and per jurisdiction (RSS and Atom)."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from jurisdictions.models import Jurisdiction

from .models import Policy, PolicyMap, ShownText

FEED_LENGTH = 50


class StartOfDay(Func):
    """The first moment of a date in a named time zone, as a timestamp with time zone."""

    template = "(%(expressions)s)"
    arg_joiner = "::timestamp AT TIME ZONE "
    output_field = models.DateTimeField()


def became_public():
    """When a change reached the public: its last edit, its publish-at time or the start of
    its effective day in the site's time zone, whichever is latest. A policy published in
    March to take effect in July is news in July, not in March. A policy read from a dated
    list (an ICE 287(g) agreement) is news no earlier than the first list that shows it, as
    on the changes page."""
    return Greatest(
        F("updated"),
        Coalesce(F("publish_at"), F("updated")),
        StartOfDay(F("effective_date"), Value(settings.TIME_ZONE)),
        StartOfDay(Coalesce(F("first_listed"), F("effective_date")), Value(settings.TIME_ZONE)),
    )


class PolicyChangesFeed(Feed):
    """Newest changes first: a policy appears when published and again when it ends."""

    def __init__(self, subject, since: datetime.date | None):
        self.subject = subject
        self.since = since

    def changes(self):
        queryset = (
            Policy.objects.published()
            .select_related("policy_map", "category", "jurisdiction")
            .annotate(changed=became_public())
        )
        if self.since:
            queryset = queryset.filter(changed__date__gte=self.since)
        return queryset.order_by("-changed", "-id")

    def item_title(self, policy):
        values = {
            "place": str(policy.jurisdiction),
            "category": policy.category.label,
            "date": policy.end_date.isoformat() if policy.end_date else "",
            "start": policy.effective_date.isoformat(),
        }
        if policy.end_date:
            return _("%(place)s: “%(category)s” ended on %(date)s") % values
        return _("%(place)s: “%(category)s” since %(start)s") % values

    def item_description(self, policy):
        source = _marked(policy.shown_source_title) or policy.source_url
        return " ".join(
            part
            for part in (
                policy.policy_map.title + ".",
                _marked(policy.shown_summary),
                _("Source: %(source)s") % {"source": source} if source else "",
            )
            if part
        )

    def item_link(self, policy):
        return policy.jurisdiction.get_absolute_url() + f"#map-{policy.policy_map.slug}"

    def item_guid(self, policy):
        # A new entry when the same policy is later ended or corrected.
        return f"policy-{policy.pk}-{policy.updated.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, policy):
        return policy.changed

    def item_updateddate(self, policy):
        return policy.updated


class MapChangesFeed(PolicyChangesFeed):
    def title(self):
        return _("Changes on the map “%(map)s”") % {"map": self.subject.title}

    def link(self):
        return self.subject.get_absolute_url()

    def description(self):
        return _("Policies added or ended on this map, newest first.")

    def items(self):
        return self.changes().filter(policy_map=self.subject)[:FEED_LENGTH]


class JurisdictionChangesFeed(PolicyChangesFeed):
    def title(self):
        return _("Policy changes in %(place)s") % {"place": str(self.subject)}

    def link(self):
        return self.subject.get_absolute_url()

    def description(self):
        return _("Policies added or ended for this jurisdiction on every map, newest first.")

    def items(self):
        return self.changes().filter(jurisdiction=self.subject)[:FEED_LENGTH]


def _marked(text: ShownText) -> str:
    """A policy's text, followed by “(in English)” on a Spanish feed that has no translation."""
    if text.untranslated:
        return f"{text.text} ({_('in English')})"
    return text.text


def read_since(request):
    """The optional `since` parameter (YYYY-MM-DD), or an error message."""
    raw = request.GET.get("since", "").strip()
    if not raw:
        return None, None
    try:
        return datetime.date.fromisoformat(raw), None
    except ValueError:
        return None, _("since: enter a date as YYYY-MM-DD.")


def _respond(feed_class, subject, request, atom):
    since, error = read_since(request)
    if error:
        return HttpResponseBadRequest(error + "\n", content_type="text/plain; charset=utf-8")
    feed = feed_class(subject, since)
    if atom:
        feed.feed_type = Atom1Feed
    return feed(request)


def map_changes_feed(request, slug, atom=False):
    policy_map = get_object_or_404(PolicyMap.objects.published(), slug=slug)
    return _respond(MapChangesFeed, policy_map, request, atom)


def map_changes_atom_feed(request, slug):
    return map_changes_feed(request, slug, atom=True)


def jurisdiction_changes_feed(request, geoid, atom=False):
    jurisdiction = get_object_or_404(Jurisdiction.objects.defer("boundary"), geoid=geoid)
    return _respond(JurisdictionChangesFeed, jurisdiction, request, atom)


def jurisdiction_changes_atom_feed(request, geoid):
    return jurisdiction_changes_feed(request, geoid, atom=True)
