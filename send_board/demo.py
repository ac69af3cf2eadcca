"""Demo local areas and one user per role, for make run and the login page.

The password is public on purpose: demo users exist only where load_demo was
run, and the login page shows them only when DEBUG is on.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import LocalArea, Membership, Role, YearStart

DEMO_PASSWORD = "send-board-demo"

DEMO_AREAS = [
    {
        "code": "344",
        "name": "Wirral",
        "ons_code": "E08000015",
        "region": "North West",
        "year_start": YearStart.FINANCIAL,
    },
    {
        "code": "335",
        "name": "Walsall",
        "ons_code": "E08000030",
        "region": "West Midlands",
        "year_start": YearStart.FINANCIAL,
    },
    {
        "code": "343",
        "name": "Sefton",
        "ons_code": "E08000014",
        "region": "North West",
        "year_start": YearStart.CALENDAR,
    },
]

# username, full name, role, areas (None: administrator, every area)
DEMO_USERS = [
    ("admin", "Ada Administrator", None, ()),
    ("lead", "Lee Performance-Lead", Role.PERFORMANCE_LEAD, ("344", "335", "343")),
    ("board", "Bea Board-Member", Role.BOARD_MEMBER, ("344",)),
    ("officer", "Olu Officer", Role.OFFICER, ("344",)),
]


def demo_credentials():
    """(username, role label, areas) of the demo users that exist."""
    existing = set(
        get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS]).values_list("username", flat=True)
    )
    names = {a["code"]: a["name"] for a in DEMO_AREAS}
    return [
        (username, role.label if role else "Administrator", ", ".join(names[c] for c in codes) or "every area")
        for username, _name, role, codes in DEMO_USERS
        if username in existing
    ]


DEMO_CODES = [a["code"] for a in DEMO_AREAS]


class NotDemoData(Exception):
    """An area with a demo area's code holds real data: load_demo leaves it alone."""


def demo_areas_present():
    """The demo areas in the database: areas with a demo code whose members
    include a demo user (a real Wirral, created otherwise, is not one)."""
    demo_usernames = [u[0] for u in DEMO_USERS]
    return list(
        LocalArea.objects.filter(code__in=DEMO_CODES, memberships__user__username__in=demo_usernames)
        .distinct()
        .order_by("name")
    )


def other_areas():
    """Areas that are not demo areas: load_demo never touches them."""
    demo_ids = [a.pk for a in demo_areas_present()]
    return list(LocalArea.objects.exclude(pk__in=demo_ids).order_by("name"))


def clashing_areas():
    """Areas with a demo area's code that are not demo areas (real data): the demo cannot load beside them."""
    return [a for a in other_areas() if a.code in DEMO_CODES]


@transaction.atomic
def load_areas_and_users():
    """Replace the demo areas (their data goes with them) and their users;
    other areas are left as they are. Raises NotDemoData when an area with
    a demo code holds real data. Returns {code: LocalArea}."""
    clashing = clashing_areas()
    if clashing:
        raise NotDemoData(
            "These areas have a demo area's code but are not demo areas, so the demo leaves them alone and cannot "
            "load: " + ", ".join(str(a) for a in clashing) + "."
        )
    LocalArea.objects.filter(pk__in=[a.pk for a in demo_areas_present()]).delete()
    areas = {spec["code"]: LocalArea.objects.create(**spec) for spec in DEMO_AREAS}
    User = get_user_model()
    # One hash for the one public password: the hasher is slow on purpose (a
    # quarter of a second), and each user would pay for it.
    password = make_password(DEMO_PASSWORD)
    for username, full_name, role, codes in DEMO_USERS:
        first, _, last = full_name.partition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_superuser": role is None,
                "is_staff": role is None,
                "is_active": True,
            },
        )
        user.password = password
        user.save()
        for code in codes:
            Membership.objects.create(user=user, local_area=areas[code], role=role)
    return areas
