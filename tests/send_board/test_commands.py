from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from send_board.models import LocalArea, Membership
from tests.conftest import load_demo

pytestmark = pytest.mark.slow


@pytest.mark.django_db
class TestCreateLocalArea:
    def test_it_creates_an_area(self):
        out = StringIO()
        call_command(
            "create_local_area",
            "--code",
            "344",
            "--name",
            "Wirral",
            "--ons",
            "E08000015",
            "--region",
            "North West",
            stdout=out,
        )
        area = LocalArea.objects.get(code="344")
        assert (area.name, area.ons_code, area.region) == ("Wirral", "E08000015", "North West")
        assert "Created Wirral (344)" in out.getvalue()

    def test_it_refuses_a_duplicate_code_by_name(self, wirral):
        with pytest.raises(CommandError, match="code 344 already exists \\(Wirral\\)"):
            call_command("create_local_area", "--code", "344", "--name", "Another")
        assert LocalArea.objects.filter(code="344").count() == 1

    @pytest.mark.parametrize("code", ["34", "3444", "abc"])
    def test_it_refuses_a_malformed_code(self, code):
        with pytest.raises(CommandError, match="three digits"):
            call_command("create_local_area", "--code", code, "--name", "X")
        assert not LocalArea.objects.exists()

    def test_it_refuses_a_malformed_ons_code(self):
        with pytest.raises(CommandError, match="E08000015"):
            call_command("create_local_area", "--code", "344", "--name", "X", "--ons", "W123")

    def test_a_duplicate_code_exits_non_zero_from_the_shell(self, wirral):
        from django.core.management import execute_from_command_line

        with pytest.raises(SystemExit, match=r"^1$") as exit_info:
            execute_from_command_line(["manage.py", "create_local_area", "--code", "344", "--name", "X"])
        assert exit_info.value.code != 0


@pytest.mark.django_db
def test_generate_scale_data_makes_deterministic_areas():
    call_command("generate_scale_data", "--areas", "5", "--years", "1", "--seed", "3", stdout=StringIO())
    first = list(
        LocalArea.objects.order_by("code").values_list("code", "region", "year_start", "statistical_neighbours")
    )
    call_command("generate_scale_data", "--areas", "5", "--years", "1", "--seed", "3", stdout=StringIO())
    again = list(
        LocalArea.objects.order_by("code").values_list("code", "region", "year_start", "statistical_neighbours")
    )
    assert first == again and len(first) == 5


@pytest.mark.django_db
def test_every_area_option_names_the_known_codes_and_how_to_add_one(wirral, walsall):
    from send_board.management.areas import area_by_code

    assert area_by_code(" 344 ") == wirral
    with pytest.raises(CommandError, match="There is no local area with code '999'") as error:
        area_by_code("999")
    assert str(error.value) == (
        "There is no local area with code '999'. Known codes: 335, 344. "
        "Add one with: python manage.py create_local_area --code CODE --name NAME"
    )


@pytest.mark.django_db
class TestLoadDemo:
    def test_the_first_start_loads_three_areas_and_a_user_per_role_and_a_second_start_keeps_what_was_entered(self):
        out = StringIO()
        call_command("load_demo", "--first-start", "--host", "localhost", "--port", "7400", stdout=out)
        assert sorted(LocalArea.objects.values_list("name", flat=True)) == ["Sefton", "Walsall", "Wirral"]
        roles = set(Membership.objects.values_list("user__username", "role"))
        assert {("lead", "performance_lead"), ("board", "board_member"), ("officer", "officer")} <= roles
        text = out.getvalue()
        assert "Sign in at http://localhost:7400/accounts/login/ as:" in text
        for username in ("admin", "lead", "board", "officer"):
            assert f"  {username}" in text
        assert "send-board-demo" in text
        wirral = LocalArea.objects.get(code="344")
        wirral.name = "Wirral (changed by a user)"
        wirral.save()
        out = StringIO()
        call_command("load_demo", "--first-start", stdout=out)
        assert "kept as they are" in out.getvalue() and "`make demo` reloads" in out.getvalue()
        assert LocalArea.objects.get(code="344").name == "Wirral (changed by a user)"
        assert "Sign in at http://127.0.0.1:8000/accounts/login/ as:" in out.getvalue()

    def test_a_second_run_reloads_the_demo_says_what_it_deletes_and_leaves_other_areas_alone(self):
        load_demo()  # the database as a first `load_demo` leaves it
        other = LocalArea.objects.create(code="340", name="Knowsley")
        out = StringIO()
        call_command("load_demo", stdout=out)
        text = out.getvalue()
        assert "Deleting the demo areas and everything entered in them:" in text
        assert "Wirral (344): " in text and "indicators" in text and "membership(s)" in text
        assert "Other areas are left as they are (1: Knowsley (340))." in text
        assert sorted(LocalArea.objects.values_list("name", flat=True)) == ["Knowsley", "Sefton", "Walsall", "Wirral"]
        assert LocalArea.objects.filter(pk=other.pk).exists()
        assert "send-board-demo" in text

    def test_it_refuses_to_replace_a_real_area_that_has_a_demo_code(self):
        LocalArea.objects.create(code="344", name="Wirral")  # a real Wirral: no demo user is a member
        with pytest.raises(CommandError, match="not demo areas, so the demo leaves them alone"):
            call_command("load_demo", stdout=StringIO())
        assert LocalArea.objects.get(code="344").name == "Wirral"


def test_make_run_loads_the_demo_on_the_first_start_only_and_make_demo_reloads_it():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=false $(PY) manage.py load_demo --first-start --host $(HOST) --port $(PORT)" in run
    demo_target = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=false $(PY) manage.py load_demo --host $(HOST) --port $(PORT)" in demo_target
    assert "--first-start" not in demo_target
