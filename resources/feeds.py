"""RSS and Atom feeds of the library: any search of /resources/, and each topic."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .exports import bad_parameters
from .filters import search_resources
from .models import Topic

FEED_LENGTH = 50
NOON = datetime.time(12)


class LibraryFeed(Feed):
    """The newest publications matching the query string, newest first."""

    def __init__(self, filterset):
        self.filterset = filterset

    def title(self):
        return _("New publications")

    def link(self):
        query = (
            self.filterset.data.urlencode() if hasattr(self.filterset.data, "urlencode") else ""
        )
        return reverse("resources:list") + (f"?{query}" if query else "")

    def description(self):
        return _("The newest publications of the resource library.")

    def items(self):
        # The order of the search: newest first unless the query string asks otherwise.
        return self.filterset.qs[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        # Noon, so the date reads the same in every American time zone.
        return timezone.make_aware(datetime.datetime.combine(item.publication_date, NOON))

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.resource_type.name, *(topic.name for topic in item.topics.all())]


class AtomLibraryFeed(LibraryFeed):
    feed_type = Atom1Feed
    subtitle = LibraryFeed.description


def library_feed(request, atom=False):
    filterset = search_resources(params=request.GET)
    if not filterset.is_valid():
        return bad_parameters(filterset)
    feed = AtomLibraryFeed(filterset) if atom else LibraryFeed(filterset)
    return feed(request)


def library_atom_feed(request):
    return library_feed(request, atom=True)


class TopicFeed(LibraryFeed):
    def __init__(self, topic):
        self.topic = topic
        super().__init__(search_resources(params={"topic": [topic.slug]}))

    def title(self):
        return _("New publications on %(topic)s") % {"topic": self.topic.name}

    def link(self):
        return reverse("resources:list") + f"?topic={self.topic.slug}"


class AtomTopicFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = LibraryFeed.description


def topic_feed(request, slug, atom=False):
    topic = get_object_or_404(Topic, slug=slug)
    return (AtomTopicFeed(topic) if atom else TopicFeed(topic))(request)


def topic_atom_feed(request, slug):
    return topic_feed(request, slug, atom=True)
