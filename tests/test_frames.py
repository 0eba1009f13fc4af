"""to_frame: one row per record, readable columns; built from hand-made Articles (no models)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

pandas = pytest.importorskip("pandas")

import newsfacts  # noqa: E402
from newsfacts import Article, Change, DateMention, Entity, Figure, Period, Quote, Role, Span  # noqa: E402
from newsfacts.frames import COLUMNS  # noqa: E402

TEXT = ("Посол Китая Чжан Сяо заявил: «Товарооборот вырос». "
        "В 2023 году он составил 41 млрд долларов, увеличившись на 32%.")


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start=start, stop=start + len(part), text=part)


@pytest.fixture(scope="module")
def article() -> Article:
    china, zhang = span(TEXT, "Китая"), span(TEXT, "Чжан Сяо")
    return Article(
        id="seed", text=TEXT, published=date(2024, 7, 7),
        entities=[Entity(id="e1", type="LOC", name="Китай", mentions=[china]),
                  Entity(id="e2", type="PER", name="Чжан Сяо", mentions=[zhang, span(TEXT, "он")])],
        roles=[Role(person="e2", title="посол", org="e1", span=span(TEXT, "Посол Китая Чжан Сяо"))],
        quotes=[Quote(text="Товарооборот вырос", span=span(TEXT, "Товарооборот вырос"), kind="direct",
                      speaker="e2", speaker_span=zhang, cue="заявить")],
        figures=[Figure(kind="money", value=Decimal("41000000000"), unit="USD", span=span(TEXT, "41 млрд долларов"),
                        metric="товарооборот", subjects=["e1"],
                        change=Change(value=Decimal("32"), unit="%", direction="up", span=span(TEXT, "на 32%")),
                        period=Period(start=date(2023, 1, 1), end=date(2023, 12, 31), span=span(TEXT, "В 2023 году")))],
        dates=[DateMention(span=span(TEXT, "2023 году"), year=2023, start=date(2023, 1, 1), end=date(2023, 12, 31))],
    )


def test_quotes_name_the_speaker(article):
    frame = newsfacts.to_frame([article], "quotes")
    assert tuple(frame.columns) == COLUMNS["quotes"]
    row = frame.iloc[0]
    assert (row.article, row.speaker, row.speaker_name, row.speaker_text, row.cue) == (
        "seed", "e2", "Чжан Сяо", "Чжан Сяо", "заявить")
    assert TEXT[row.start:row.stop] == row.text == "Товарооборот вырос"


def test_figures_spell_out_change_and_period(article):
    row = newsfacts.to_frame([article], "figures").iloc[0]
    assert (row.text, row.value, row.unit, row.metric) == ("41 млрд долларов", 41e9, "USD", "товарооборот")
    assert (row.change_value, row.change_unit, row.change_direction, row.change_text) == (32.0, "%", "up", "на 32%")
    assert (row.period_start, row.period_end, row.period_text) == (date(2023, 1, 1), date(2023, 12, 31), "В 2023 году")
    assert row.subjects == ["e1"] and row.subject_names == ["Китай"]


def test_roles_entities_dates_articles(article):
    role = newsfacts.to_frame([article], "roles").iloc[0]
    assert (role.person, role.person_name, role.title, role.org, role.org_name) == ("e2", "Чжан Сяо", "посол", "e1",
                                                                                     "Китай")
    entities = newsfacts.to_frame([article], "entities")
    assert list(entities.name) == ["Китай", "Чжан Сяо"] and list(entities.mentions) == [1, 2]
    assert entities.iloc[1].text == "Чжан Сяо"
    day = newsfacts.to_frame([article], "dates").iloc[0]
    assert (day.text, day.year, day.date_start, day.date_end) == ("2023 году", 2023, date(2023, 1, 1),
                                                                 date(2023, 12, 31))
    row = newsfacts.to_frame([article], "articles").iloc[0]
    assert (row.entities, row.quotes, row.figures, row.errors) == (2, 1, 1, "")


def test_every_kind_has_its_columns_even_when_empty():
    empty = Article(text="Ничего.")
    for kind, columns in COLUMNS.items():
        frame = newsfacts.to_frame([empty], kind)
        assert tuple(frame.columns) == columns
        assert len(frame) == (1 if kind == "articles" else 0)


def test_saved_output_and_positions(article):
    # JSON-mode dicts (what extract-many writes) give the same rows; no id -> the position
    dumped = [Article(text="Пусто."), article.model_dump(mode="json"), article.model_dump_json()]
    frame = newsfacts.to_frame(dumped, "quotes")
    assert list(frame.article) == ["seed", "seed"]
    assert frame.iloc[0].to_dict() == newsfacts.to_frame([article], "quotes").iloc[0].to_dict()
    assert list(newsfacts.to_frame(dumped, "articles").article) == ["0", "seed", "seed"]


def test_unknown_kind_lists_the_kinds(article):
    with pytest.raises(ValueError, match="unknown kind 'speakers': expected one of .*entities, references, roles, quotes, "
                                         "figures, dates"):
        newsfacts.to_frame([article], "speakers")
    with pytest.raises(TypeError, match="expected Article"):
        newsfacts.to_frame([42], "quotes")


def test_one_article_alone(article):
    for kind in ("quotes", "figures", "entities", "articles"):
        alone = newsfacts.to_frame(article, kind)
        assert alone.equals(newsfacts.to_frame([article], kind)) and len(alone), kind
    dumped = article.model_dump(mode="json")
    assert newsfacts.to_frame(dumped, "quotes").equals(newsfacts.to_frame([article], "quotes"))
    assert newsfacts.to_frame(article.model_dump_json(), "quotes").equals(newsfacts.to_frame([article], "quotes"))
