"""Conventions of the test suite itself (issue 13): every `pytest.raises`
names the message it expects, so a test cannot pass on the wrong error."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def raises_without_match(source: str) -> list[int]:
    """Line numbers of the `pytest.raises(...)` calls in `source` without `match=`."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "raises"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "pytest"
        and not any(keyword.arg == "match" for keyword in node.keywords)
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
