"""Roles: the golden table `data/roles_cases.txt` (each expected role with the rule that
must make it), known misses as strict xfails, and properties of the rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsfacts import Pipeline, roles

CASES_FILE = Path(__file__).parent / "data" / "roles_cases.txt"
MISSES = "# ===== known misses"


def read_cases(path: Path = CASES_FILE) -> list:
    """[(text, [expectation, ...], known_miss)] from the table; an expectation is
    ("has", person, title, org, rule) or ("not", person, title)."""
    cases, missing = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(MISSES):
            missing = True
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  "):
            fields = [f.strip() for f in line.split("|")]
            if fields[0] == "not":
                cases[-1][1].append(("not", fields[1], fields[2]))
            else:
                person, title, org, rule = fields
                cases[-1][1].append(("has", person, title, org, rule))
        else:
            cases.append((line.replace("¶", "\n"), [], missing))
    return cases


CASES = read_cases()


@pytest.fixture(scope="module")
def entities_pipeline():
    return Pipeline(extract=("entities",))


def explain(pipeline: Pipeline, text: str) -> list[tuple[str, str, str, str]]:
    """(person name, title, org name or "-", rule) of every role of the text."""
    doc = pipeline._start(text, None)
    pipeline._tag([doc])
    pipeline._finish(doc, None)
    names = {e.id: e.name for e in doc.entities}
    return [(names[r.person], r.title, names[r.org] if r.org else "-", rule) for r, rule in roles.debug_roles(doc)]


def check(found: list, expectations: list) -> None:
    for expected in expectations:
        if expected[0] == "has":
            _, person, title, org, rule = expected
            assert any(p == person and t == title and org in ("?", o) and r == rule for p, t, o, r in found), \
                (expected, found)
        else:
            _, person, title = expected
            # person "?": no one may get this title
            assert not any(person in ("?", p) and t == title for p, t, _, _ in found), (expected, found)


def _param(case):
    text, expectations, missing = case
    marks = [pytest.mark.xfail(strict=True, reason="known miss")] if missing else []
    return pytest.param(text, expectations, marks=marks, id=text[:50])


@pytest.mark.parametrize("text, expectations", [_param(c) for c in CASES])
def test_role_cases(entities_pipeline, text, expectations):
    check(explain(entities_pipeline, text), expectations)


def test_table_is_read():
    # the table holds both sections and every expectation kind
    assert sum(1 for _, _, missing in CASES if missing) >= 2
    assert {e[0] for _, es, _ in CASES for e in es} == {"has", "not"}
    rules_used = {e[4] for _, es, missing in CASES if not missing for e in es if e[0] == "has"}
    assert rules_used == {name for name, _ in roles.RULES}, "every rule has a golden case"


# ------------------------------------------------------------------ properties

@pytest.fixture(scope="module")
def roles_pipeline():
    return Pipeline(extract=("entities", "roles"))


@pytest.mark.parametrize("text", [c[0] for c in CASES])
def test_role_spans_match_the_text(roles_pipeline, text):
    article = roles_pipeline.extract(text)
    for role in article.roles:
        assert article.text[role.span.start:role.span.stop] == role.span.text
        assert article.entity(role.person).type == "PER"
        assert role.org is None or article.entity(role.org).type in ("ORG", "LOC")


def test_public_roles_equal_the_debug_view(entities_pipeline, roles_pipeline):
    text = "Писатель, поэт и журналист Дмитрий Соколов выступил. Министр финансов Антон Силуанов выступил в Думе."
    article = roles_pipeline.extract(text)
    debug = explain(entities_pipeline, text)
    assert len(article.roles) == 4
    assert [r.title for r in article.roles] == [t for _, t, _, _ in debug]


def test_a_role_does_not_carry_its_rule_in_the_json(roles_pipeline):
    article = roles_pipeline.extract("Министр финансов Антон Силуанов выступил в Думе.")
    assert article.roles and "rule" not in article.roles[0].model_dump()


@pytest.mark.parametrize("word, post", [("посол", True), ("главы", True), ("экс-министр", True),
                                         ("рок-музыкант", True), ("пианистка", True), ("стол", False),
                                         ("супруга", False)])
def test_is_post(word, post):
    assert roles.is_post(word) is post


@pytest.mark.parametrize("word, relation", [("супруга", True), ("сына", True), ("вдовы", True),
                                             ("президента", False), ("пресс-секретарь", False)])
def test_is_relation(word, relation):
    assert roles.is_relation(word) is relation


def test_yo_folded_text_gives_the_same_roles(roles_pipeline):
    # ё -> е keeps every offset, so the roles must come out the same
    text = "Вечер открыли поэты Олег Рябов, Ирина Сомова и Лев Гуров. Пётр Козлов, главный тренер «Зенита», доволен."
    with_yo = roles_pipeline.extract(text)
    without = roles_pipeline.extract(text.replace("ё", "е"))
    assert [(r.title, r.span.start, r.span.stop) for r in with_yo.roles] == \
        [(r.title, r.span.start, r.span.stop) for r in without.roles]
