"""Staff members in each role, for admin tests."""

from django.contrib.auth.models import Group, User


def staff_member(role: str | None, username: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username or (role or "nobody").lower().replace(" ", "-"),
        password="correct horse battery staple",
        is_staff=True,
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
