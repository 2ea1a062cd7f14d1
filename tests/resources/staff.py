"""Staff members in each role, for admin tests."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, User


def ensure_roles() -> None:
    """The roles a migration creates; a transactional test empties every table when it ends,
    so a test running after one puts them back."""
    if not Group.objects.filter(name="Editor").exists():
        importlib.import_module("resources.migrations.0006_staff_roles").create_roles(apps, None)


def staff_member(role: str | None, username: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username or (role or "nobody").lower().replace(" ", "-"),
        password="correct horse battery staple",
        is_staff=True,
        **extra,
    )
    if role:
        ensure_roles()
        user.groups.add(Group.objects.get(name=role))
    return user
