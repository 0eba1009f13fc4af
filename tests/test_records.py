from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from newsfacts import (ARTICLES, Article, Change, DateMention, Entity, Figure, Period, Quote, Role, Span,
                       article_schema)

TEXT = "Посол Чжан Сяо сообщил, что товарооборот достиг 17,62 млрд долларов в 2023 году."


def span(text, part):
    start = text.index(part)
    return Span(start=start, stop=start + len(part), text=part)


def full_article():
    person = Entity(id="e1", type="PER", name="Чжан Сяо", mentions=[span(TEXT, "Чжан Сяо")])
    money = span(TEXT, "17,62 млрд долларов")
    period = Period(start=date(2023, 1, 1), end=date(2023, 12, 31), span=span(TEXT, "2023 году"))
    return Article(
        id="a1", text=TEXT, published=date(2024, 7, 7), title=None,
        sentences=[Span(start=0, stop=len(TEXT), text=TEXT)],
        entities=[person],
        roles=[Role(person="e1", title="посол", org=None, span=span(TEXT, "Посол Чжан Сяо"))],
        quotes=[Quote(text="товарооборот достиг 17,62 млрд долларов в 2023 году",
                      span=span(TEXT, "товарооборот достиг 17,62 млрд долларов в 2023 году"),
                      kind="indirect", speaker="e1", speaker_span=span(TEXT, "Посол"), cue="сообщить")],
        figures=[Figure(kind="money", value=Decimal("17620000000"), unit="USD", span=money, metric="товарооборот",
                        change=Change(value=Decimal("18"), unit="%", direction="up", span=money), period=period,
                        subjects=["e1"]),
                 Figure(kind="percent", value=Decimal("17.62"), unit="%", span=money)],
        dates=[DateMention(span=span(TEXT, "2023 году"), year=2023, start=date(2023, 1, 1), end=date(2023, 12, 31))],
    )


def test_json_round_trip_is_lossless():
    article = full_article()
    again = Article.model_validate_json(article.model_dump_json())
    assert again == article


def test_decimals_serialise_as_json_numbers():
    dumped = full_article().model_dump(mode="json")
    assert dumped["figures"][0]["value"] == 17620000000
    assert dumped["figures"][1]["value"] == 17.62
    assert isinstance(dumped["figures"][0]["change"]["value"], int)


def test_records_are_frozen_and_strict():
    article = full_article()
    with pytest.raises(ValidationError):
        article.entities[0].name = "x"
    with pytest.raises(ValidationError):
        Entity(id="e1", type="PER", name="x", mentions=[], extra_field=1)
    with pytest.raises(ValidationError):
        Entity(id="e1", type="MISC", name="x", mentions=[])


def test_span_must_fit_its_text():
    with pytest.raises(ValidationError):
        Span(start=3, stop=5, text="abc")
    with pytest.raises(ValidationError):
        Span(start=5, stop=3, text="")


def test_batch_adapter_round_trip():
    articles = [full_article(), Article(text="")]
    assert ARTICLES.validate_json(ARTICLES.dump_json(articles)) == articles


def test_schema_names_every_record():
    schema = article_schema()
    assert set(schema["$defs"]) >= {"Entity", "Role", "Quote", "Figure", "Change", "Period", "DateMention", "Span"}
    assert "errors" in schema["properties"]


def test_entity_lookup():
    article = full_article()
    assert article.entity("e1").name == "Чжан Сяо"
    assert article.entity("nope") is None


@pytest.mark.parametrize("record", [Span, Entity, Role, Quote, Change, Period, Figure, DateMention, Article])
def test_every_record_and_field_is_described(record):
    # `newsfacts schema` takes these from the docstrings
    assert record.__doc__ and record.model_json_schema()["description"] == record.__doc__.strip()
    for name, field in record.model_fields.items():
        assert field.description, f"{record.__name__}.{name}"
