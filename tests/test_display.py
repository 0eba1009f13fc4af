"""The notebook and terminal views: figures as a person writes them, highlights readable on dark themes."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from newsfacts import Article, Change, Entity, Figure, Period, Span
from newsfacts.display import STYLES, _figure

SPAN = Span(start=0, stop=1, text="x")


def figure(value=None, unit=None, change=None, period=None, **fields):
    return Figure(kind=fields.pop("kind", "money"), value=None if value is None else Decimal(value), unit=unit,
                  span=SPAN, change=change, period=period, **fields)


def change(value, unit, direction, value_max=None):
    return Change(value=Decimal(value), unit=unit, direction=direction, span=SPAN,
                  value_max=None if value_max is None else Decimal(value_max))


def period(start, end):
    return Period(start=start and date.fromisoformat(start), end=end and date.fromisoformat(end))


@pytest.mark.parametrize("record, written", [
    (figure("41000000000", "USD", change("32", "%", "up"), period("2023-01-01", "2023-12-31")),
     "41 млрд USD, +32%, 2023"),
    (figure("17620000000", "USD", qualifier="more"), "более 17,62 млрд USD"),
    (figure("210000000", "RUB", value_max=Decimal("250000000"), qualifier="about",
            period=period("2024-01-01", "2024-05-31")), "около 210–250 млн RUB, январь–май 2024"),
    (figure("1250.5", "тонна", change("1.5", "times", "down"), period(None, "2024-04-30"), kind="quantity",
            qualifier="less"), "менее 1\u00a0250,5 тонна, ÷1,5, по 30.04.2024"),
    (figure("12.5", "%", change("3", "п.п.", None), period("2024-07-07", "2024-07-07"), kind="percent"),
     "12,5%, ±3 п.п., 07.07.2024"),
    (figure(None, None, change("5", "%", "down", value_max="7"), kind="change"), "−5–7%"),
    (figure("3", "человек", period=period("2024-03-01", "2024-03-31"), kind="quantity"), "3 человек, март 2024"),
    (figure("2500000", "KZT", period=period("2024-03-05", "2024-06-10")), "2,5 млн KZT, 05.03.2024–10.06.2024"),
])
def test_figures_read_as_a_person_writes_them(record, written):
    assert _figure(record) == written


def test_highlights_set_their_text_colour():
    # a dark theme's light text on a light highlight could not be read
    for key, style in STYLES.items():
        if "background" in style:
            colour = re.search(r"(?:^|;)color:#([0-9a-f]{6})", style)
            assert colour and int(colour.group(1)[:2], 16) < 0x40, key


def test_the_view_shows_the_written_figure_and_its_metric():
    text = "Товарооборот вырос на 32% и достиг 41 млрд долларов."
    start = text.index("41 млрд долларов")
    money = Span(start=start, stop=start + 16, text="41 млрд долларов")
    article = Article(text=text, figures=[Figure(kind="money", value=Decimal("41000000000"), unit="USD", span=money,
                                                 metric="товарооборот")],
                      entities=[Entity(id="e1", type="ORG", name="X", mentions=[Span(start=0, stop=1, text="Т")])])
    assert "  money: 41 млрд долларов = 41 млрд USD «товарооборот»" in str(article).splitlines()
    page = article._repr_html_()
    assert 'title="money: 41 млрд USD «товарооборот»"' in page
    assert f'style="{STYLES["ORG"]}"' in page and "color:#1a1a1a" in page
