"""Factories for the kernel. Each app keeps its own in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from send_board.models import LocalArea, Membership, Role

TEST_PASSWORD = "password-for-tests"


class LocalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{700 + n % 200:03d}")
    name = factory.Sequence(lambda n: f"Area {n}")
    region = "North West"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda u: u.username.title())
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    local_area = factory.SubFactory(LocalAreaFactory)
    role = Role.OFFICER
