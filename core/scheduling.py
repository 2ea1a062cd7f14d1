"""Scheduled publishing: which kinds of record go public at their publish-at time, and what must
be refreshed when they do. Apps register their publishable models; `publish_scheduled` and the
page cache read the registry instead of knowing the apps."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ScheduledKind:
    model: type
    # How the command counts them: "%(count)d publication(s)".
    counted: str
    # Called with the records that went public in a window, to refresh what shows them.
    went_public: Callable[[QuerySet], None] | None = None


_kinds: list[ScheduledKind] = []


def register_scheduled(
    model, *, counted: str, went_public: Callable[[QuerySet], None] | None = None
) -> None:
    """Make `model` (a Publishable) part of scheduled publishing; registering twice is a no-op."""
    if any(kind.model is model for kind in _kinds):
        return
    _kinds.append(ScheduledKind(model=model, counted=counted, went_public=went_public))


def scheduled_kinds() -> list[ScheduledKind]:
    return list(_kinds)
