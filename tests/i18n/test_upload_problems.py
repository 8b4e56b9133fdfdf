"""Upload problems: the pipelines give a code and its values, the read side words them per language."""

from __future__ import annotations

import ast
import datetime as dt
import string

import pytest

from lmi import i18n, upload_problems
from pipelines.ingest import load_reference
from pipelines.registration import read_and_check
from tests.conftest import DATA_DIR
from tests.i18n.test_catalogues import _fields

SOURCE = DATA_DIR.parent / "pipelines" / "registration.py"


def _problem_calls():
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem"
            and len(node.args) == 3]


def test_every_problem_the_pipelines_raise_has_a_code_the_read_side_words():
    unworded = []
    for call in _problem_calls():
        keywords = {keyword.arg: keyword.value for keyword in call.keywords}
        if "code" not in keywords:
            if not isinstance(call.args[2], ast.Name):  # a message made elsewhere (parse_date) keeps its English text
                unworded.append(call.lineno)
            continue
        if isinstance(keywords["code"], ast.Name):  # a helper passing its caller's code on (_read_xlsx's refuse): checked below
            continue
        code = keywords["code"].value
        assert code in upload_problems.PROBLEMS, f"registration.py:{call.lineno}: code {code!r} unknown to lmi.upload_problems"
        given = {key.value for key in keywords["params"].keys} if "params" in keywords else set()
        assert given == _fields(upload_problems.PROBLEMS[code]), f"registration.py:{call.lineno}: params {given}"
    assert not unworded, f"problems without a code at registration.py lines {unworded}"


def test_every_refusal_of_a_workbook_has_a_code_the_read_side_words():
    """_read_xlsx's refuse(message, code, **params): the code and its values, as for Problem(...) above."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "refuse"]
    assert len(calls) >= 5
    for call in calls:
        given = {keyword.arg for keyword in call.keywords}
        chosen = call.args[1]  # a code, or one of two ("a" if ... else "b")
        for node in [chosen.body, chosen.orelse] if isinstance(chosen, ast.IfExp) else [chosen]:
            code = node.value
            assert code in upload_problems.PROBLEMS, f"registration.py:{call.lineno}: code {code!r} unknown to lmi.upload_problems"
            assert _fields(upload_problems.PROBLEMS[code]) <= given, f"registration.py:{call.lineno}: {code} lacks a value"


@pytest.fixture(scope="module")
def reference():
    return load_reference(DATA_DIR)


@pytest.mark.parametrize("language, expected", [
    ("en", "Row 2, column “country”: unknown country 'Atlantis': no alias, OIC, World Bank or ISO name matches"),
    ("fr", "Ligne 2, colonne « country » : pays inconnu « Atlantis » : aucun alias ni aucun nom de l'OCI, de la Banque mondiale "
           "ou de l'ISO ne correspond"),
    ("ar", "الصف 2، العمود «country»: بلد غير معروف «Atlantis»: لا يطابقه أي اسم بديل ولا أي اسم لدى منظمة التعاون الإسلامي "
           "أو البنك الدولي أو المنظمة الدولية للتوحيد القياسي"),
])
def test_a_problem_is_worded_in_the_readers_language(reference, language, expected):
    preview = read_and_check(b"name,country\nTest Participant 1,Atlantis\n", "list.csv", reference.resolver, names=reference.names,
                             members=reference.members, today=dt.date(2026, 11, 22))
    problem = preview.problems[0]
    assert problem.code == "unknown_country" and problem.message.startswith("unknown country 'Atlantis'")
    with i18n.using(language):
        assert upload_problems.located(problem) == expected
        assert upload_problems.table(preview)["problem"].iloc[0] == upload_problems.text(problem)


def test_an_unknown_code_shows_the_english_text():
    class Old:
        row, column, message, code, params = None, None, "something new", "a_code_from_a_newer_pipeline", {}

    with i18n.using("fr"):
        assert upload_problems.located(Old()) == "something new"


def test_problem_templates_are_format_strings():
    for template in upload_problems.PROBLEMS.values():
        list(string.Formatter().parse(template))
