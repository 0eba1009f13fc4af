"""The seed article (../shared/data/seed-article.txt) against seed-expected.md: the
foundation's part (date, title, entities, roles). Quotes, figures and dates have tests of
their own."""
from datetime import date

import pytest


def by_name(article):
    return {e.name: e for e in article.entities}


def test_published_and_title(seed_article):
    assert seed_article.published == date(2024, 7, 7)
    assert seed_article.title == "Председатель КНР Си Цзиньпин посетит саммит ШОС в Астане"


@pytest.mark.parametrize("name, type", [
    ("Си Цзиньпин", "PER"), ("Чжан Сяо", "PER"),
    ("Китай", "LOC"), ("Казахстан", "LOC"), ("Астана", "LOC"), ("Тайвань", "LOC"), ("Синьцзян", "LOC"),
    ("Тибет", "LOC"), ("Европа", "LOC"),
    ("ШОС", "ORG"), ("Синьхуа", "ORG"), ("Jambylinfo.kz", "ORG"), ("Акорда", "ORG"),
])
def test_expected_entities(seed_article, name, type):
    entities = by_name(seed_article)
    assert name in entities, sorted(entities)
    assert entities[name].type == type


def test_no_other_entities(seed_article):
    expected = {"Си Цзиньпин", "Чжан Сяо", "Китай", "Казахстан", "Астана", "Тайвань", "Синьцзян", "Тибет",
                "Европа", "ШОС", "Синьхуа", "Jambylinfo.kz", "Акорда"}
    assert set(by_name(seed_article)) == expected


def test_grouping(seed_article):
    entities = by_name(seed_article)
    china = {m.text for m in entities["Китай"].mentions}
    assert {"КНР", "Китай", "Китая"} <= china
    assert len(seed_article.entities) == len({e.name for e in seed_article.entities})
    assert all(m.text.startswith("Чжан") for m in entities["Чжан Сяо"].mentions)


def test_chrome_gives_nothing(seed_article):
    text = seed_article.text
    chrome = [text.index("Контакты"), text.index("Похожие новости"), text.rindex("Автор"),
              text.index("Jambylinfo.kz - Последние")]
    spans = [m for e in seed_article.entities for m in e.mentions]
    for start in chrome:
        line_stop = text.index("\n", start) if "\n" in text[start:] else len(text)
        assert not any(start <= m.start < line_stop for m in spans)


def test_roles(seed_article):
    names = {e.id: e.name for e in seed_article.entities}
    roles = {(names[r.person], r.title, names.get(r.org)) for r in seed_article.roles}
    assert ("Чжан Сяо", "посол", "Китай") in roles
    assert ("Си Цзиньпин", "председатель", "Китай") in roles
    assert {(p, t) for p, t, _ in roles} <= {("Чжан Сяо", "посол"), ("Си Цзиньпин", "председатель")}


def test_offsets(seed_article):
    text = seed_article.text
    spans = [m for e in seed_article.entities for m in e.mentions] + [r.span for r in seed_article.roles]
    spans += seed_article.sentences
    assert all(text[s.start:s.stop] == s.text for s in spans)
