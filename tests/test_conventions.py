"""Conventions (issue 13: one way to do each thing). Of the test suite: every
`pytest.raises` names the message it expects, so a test cannot pass on the
wrong error. Of the code: "today" is `timezone.localdate()`, the date in
Django's TIME_ZONE, never `date.today()`, the process's own clock zone (the
same only while Django has set the process's zone to TIME_ZONE)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
APPS = ("send_board", "ehcp", "improvement", "performance", "notifications")


def calls(source: str, owner: str, name: str) -> list[ast.Call]:
    """The `owner.name(...)` calls in `source`."""
    return [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == owner
    ]


def raises_without_match(source: str) -> list[int]:
    """Line numbers of the `pytest.raises(...)` calls in `source` without `match=`."""
    return [
        node.lineno
        for node in calls(source, "pytest", "raises")
        if not any(keyword.arg == "match" for keyword in node.keywords)
    ]


def test_the_check_finds_a_bare_raises():
    source = (
        "import pytest\n"
        "with pytest.raises(ValueError):\n    pass\n"
        "with pytest.raises(ValueError, match='x'):\n    pass\n"
    )
    assert raises_without_match(source) == [2]


def test_every_pytest_raises_names_its_message():
    bare = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in raises_without_match(path.read_text())
    ]
    assert bare == []


def date_today_calls(source: str) -> list[int]:
    """Line numbers of the `date.today()` calls in `source`."""
    return [node.lineno for node in calls(source, "date", "today")]


def test_the_check_finds_date_today():
    assert date_today_calls("from datetime import date\nx = date.today()\ny = timezone.localdate()\n") == [2]


def test_the_code_says_today_one_way():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line in date_today_calls(path.read_text())
    ]
    assert found == []
