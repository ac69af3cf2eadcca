import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from send_board.models import LocalArea, Membership, Role
from send_board.services import local_area_set_neighbours
from tests.db_errors import check_violation, unique_violation


@pytest.mark.django_db
def test_a_user_holds_one_role_per_area(olive, wirral):
    with pytest.raises(IntegrityError, match=unique_violation("send_board_membership", "user_id", "local_area_id")):
        Membership.objects.create(user=olive, local_area=wirral, role=Role.BOARD_MEMBER)


@pytest.mark.django_db
def test_an_area_cannot_be_its_own_neighbour(wirral):
    with pytest.raises(ValidationError, match="own statistical neighbour"):
        local_area_set_neighbours(area=wirral, codes=["343", "344"])


@pytest.mark.django_db
def test_an_area_has_at_most_ten_neighbours(wirral):
    with pytest.raises(ValidationError, match="at most ten"):
        local_area_set_neighbours(area=wirral, codes=[str(c) for c in range(800, 811)])


@pytest.mark.django_db
def test_for_user_gives_members_their_areas_and_administrators_all(wirral, walsall, olive, ada):
    assert list(LocalArea.objects.for_user(olive)) == [wirral]
    assert set(LocalArea.objects.for_user(ada)) == {wirral, walsall}


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_itself_refuses_impossible_rows(wirral, olive):
    from django.db import connection, transaction

    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError, match=check_violation("local_area_code_three_digits")), transaction.atomic():
        LocalArea.objects.create(code="12x", name="Bad")
    with pytest.raises(IntegrityError, match=check_violation("membership_role_known")), transaction.atomic():
        Membership.objects.filter(user=olive).update(role="tsar")
