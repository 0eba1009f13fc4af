"""Publication dates in the forms callers pass them; an unreadable one never costs the facts."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsfacts.published import UnreadableDate, parse_published, read_published

CASES = Path(__file__).parent / "data" / "published_cases.txt"
TEXT = "Посол Китая в Казахстане Чжан Сяо прибыл в Астану. Товарооборот вырос на 32%."


def _cases():
    return list(_lines())


def _lines():
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "|" not in line:
            continue
        value, want = line.rsplit("|", 1)
        yield pytest.param(value, want.strip(), id=value.strip() or repr(value))


@pytest.mark.parametrize("value, want", _cases())
def test_strings(value, want):
    if want == "error":
        with pytest.raises(UnreadableDate, match="published: cannot read"):
            parse_published(value)
        day, problem = read_published(value)
        assert day is None and "treated as no date" in problem
    else:
        assert parse_published(value) == (None if want == "-" else date.fromisoformat(want))


def test_dates_datetimes_and_epoch_numbers():
    moscow = timezone(timedelta(hours=3))
    assert parse_published(date(2024, 7, 7)) == date(2024, 7, 7)
    # the day in the writer's own zone, not in UTC (where it is still the 6th)
    assert parse_published(datetime(2024, 7, 7, 1, 30, tzinfo=moscow)) == date(2024, 7, 7)
    epoch = int(datetime(2024, 7, 7, 12, tzinfo=timezone.utc).timestamp())
    assert parse_published(epoch) == date(2024, 7, 7)
    assert parse_published(float(epoch) + 0.5) == date(2024, 7, 7)
    assert parse_published(epoch * 1000) == date(2024, 7, 7)  # JavaScript's milliseconds
    assert read_published(1e300)[0] is None and "1e+300" in read_published(1e300)[1]


def test_numpy_and_pandas_values():
    numpy = pytest.importorskip("numpy")
    pandas = pytest.importorskip("pandas")
    assert parse_published(pandas.Timestamp("2024-07-07 23:30", tz="Europe/Moscow")) == date(2024, 7, 7)
    assert parse_published(numpy.datetime64("2024-07-07T10:00")) == date(2024, 7, 7)
    assert parse_published(numpy.int64(1720353600)) == date(2024, 7, 7)
    for missing in (None, "", float("nan"), numpy.nan, pandas.NaT, pandas.NA, numpy.datetime64("NaT")):
        assert read_published(missing) == (None, None), missing


@pytest.mark.parametrize("value", [["2024-07-07"], b"2024-07-07", True, {"date": "2024-07-07"}])
def test_wrong_types_raise(value):
    with pytest.raises(TypeError, match="for published, got"):
        read_published(value)


@pytest.mark.parametrize("value", ["05.05.2024", "Tue, 05 May 2024 10:00:00 +0300", 1714903200, "5 мая 2024"])
def test_extract_reads_the_common_forms(pipeline, value):
    article = pipeline.extract(TEXT, published=value)
    assert article.published == date(2024, 5, 5) and article.errors == []


def test_an_unreadable_date_costs_no_facts(pipeline):
    whole = pipeline.extract(TEXT)
    article = pipeline.extract(TEXT, published="позавчера")
    assert article.published is None
    assert article.errors == [read_published("позавчера")[1]]
    assert (article.entities, article.figures) == (whole.entities, whole.figures) and article.entities
    with pytest.raises(TypeError, match="published"):
        pipeline.extract(TEXT, published=["2024-07-07"])


def test_missing_dates_from_a_frame_are_no_dates(pipeline):
    pandas = pytest.importorskip("pandas")
    for missing in (pandas.NaT, float("nan")):
        article = pipeline.extract(TEXT, published=missing)
        assert article.published is None and article.errors == [] and article.entities


def test_a_dateline_fills_in_for_an_unreadable_date(pipeline):
    text = "воскресенье, 7 июля, 2024 20:11\nГлава МИД Казахстана прибыл в Минск."
    article = pipeline.extract(text, published="2024-13-01")
    assert article.published == date(2024, 7, 7)
    assert len(article.errors) == 1 and "cannot read '2024-13-01'" in article.errors[0]


def test_a_batch_keeps_the_facts_of_an_article_with_a_bad_date(pipeline):
    items = [{"id": "bad", "text": TEXT, "published": "05/05/24"}, {"id": "ok", "text": TEXT, "published": 1714903200}]
    bad, good = pipeline.extract_many(items)
    assert bad.entities == good.entities and bad.entities
    assert bad.published is None and "cannot read '05/05/24'" in bad.errors[0]
    assert good.published == date(2024, 5, 5) and good.errors == []
