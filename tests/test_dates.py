"""Date mentions: parts as written, intervals resolved against the publication date."""
from datetime import date

import pytest

from newsfacts.dates import find_dates

PUBLISHED = date(2024, 7, 7)    # a Sunday

# text | span | start | end   (resolved with PUBLISHED)
DATES = """
воскресенье, 7 июля, 2024 20:11            | воскресенье, 7 июля, 2024           | 2024-07-07 | 2024-07-07
после сентября 2022 года                   | сентября 2022 года                  | 2022-09-01 | 2022-09-30
В 2023 году оборот вырос                   | 2023 году                           | 2023-01-01 | 2023-12-31
С января по май этого года                 | января по май этого года            | 2024-01-01 | 2024-05-31
с аналогичным периодом прошлого года       | аналогичным периодом прошлого года  | 2023-01-01 | 2023-12-31
К 30 апреля этого года                     | 30 апреля этого года                | 2024-04-30 | 2024-04-30
в январе-марте 2024 года                   | январе-марте 2024 года              | 2024-01-01 | 2024-03-31
в первом квартале 2023 года                | первом квартале 2023 года           | 2023-01-01 | 2023-03-31
в III квартале                             | III квартале                        | 2024-07-01 | 2024-09-30
в первом полугодии                         | первом полугодии                    | 2024-01-01 | 2024-06-30
во второй половине 2019 года               | второй половине 2019 года           | 2019-07-01 | 2019-12-31
за 9 месяцев 2023 года                     | за 9 месяцев 2023 года              | 2023-01-01 | 2023-09-30
в прошлом году                             | прошлом году                        | 2023-01-01 | 2023-12-31
в следующем году                           | следующем году                      | 2025-01-01 | 2025-12-31
на прошлой неделе                          | прошлой неделе                      | 2024-06-24 | 2024-06-30
на этой неделе                             | этой неделе                         | 2024-07-01 | 2024-07-07
в следующем месяце                         | следующем месяце                    | 2024-08-01 | 2024-08-31
в прошлом месяце                           | прошлом месяце                      | 2024-06-01 | 2024-06-30
в понедельник                              | в понедельник                       | 2024-07-01 | 2024-07-01
в прошлую субботу                          | в прошлую субботу                   | 2024-07-06 | 2024-07-06
вчера                                      | вчера                               | 2024-07-06 | 2024-07-06
Накануне вечером                           | Накануне                            | 2024-07-06 | 2024-07-06
сегодня                                    | сегодня                             | 2024-07-07 | 2024-07-07
С 25 по 28 июля 2019 года                  | 25 по 28 июля 2019 года             | 2019-07-25 | 2019-07-28
С сентября 1998 года по май 1999 года      | сентября 1998 года по май 1999 года | 1998-09-01 | 1999-05-31
с 1995 по 2011 годы                        | 1995 по 2011 годы                   | 1995-01-01 | 2011-12-31
в 1990-х годах                             | 1990-х годах                        | 1990-01-01 | 1999-12-31
во второй половине 1950-х                  | второй половине 1950-х              | 1955-01-01 | 1959-12-31
в первой половине 1980-х годов             | первой половине 1980-х годов        | 1980-01-01 | 1984-12-31
в 1997-м                                   | 1997-м                              | 1997-01-01 | 1997-12-31
В среду, 27 марта 2019 года, суд           | В среду, 27 марта 2019 года         | 2019-03-27 | 2019-03-27
19.07.2016                                 | 19.07.2016                          | 2016-07-19 | 2016-07-19
2016-07-19                                 | 2016-07-19                          | 2016-07-19 | 2016-07-19
Пятого сентября                            | Пятого сентября                     | 2024-09-05 | 2024-09-05
МОСКВА, 1 авг — РИА Новости                | 1 авг                               | 2024-08-01 | 2024-08-01
в декабре                                  | декабре                             | 2024-12-01 | 2024-12-31
чемпионат мира по футболу в 2014.          | 2014                                | 2014-01-01 | 2014-12-31
Категория:29 августа 2007                  | 29 августа 2007                     | 2007-08-29 | 2007-08-29
"""

# text that holds no date
NOT_DATES = [
    "за 32 года со дня установления",
    "оплатил 2007 рублей",
    "2000 человек подписались",
    "Марта Стюарт",
    "окружающая среда",
    "накануне выборов",
    "в возрасте 52 лет",
    "статья 34-1998",
    "купили 1985 и 2000 штук",
    "в 10:29 утра",
]


def rows(table):
    for line in table.strip().splitlines():
        yield [cell.strip() for cell in line.split("|")]


@pytest.mark.parametrize("text,span,start,end", list(rows(DATES)))
def test_date(text, span, start, end):
    (mention,) = find_dates(text, PUBLISHED)
    assert mention.span.text == span
    assert text[mention.span.start:mention.span.stop] == span
    assert (str(mention.start), str(mention.end)) == (start, end)


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text):
    assert find_dates(text, PUBLISHED) == []


@pytest.mark.parametrize("text, spans", [
    ("правил в 1985—1990 и 2006—2011 годах", ["1985—1990", "2006—2011 годах"]),
    ("турнир прошёл в 2001, 2004 и 2008 гг.", ["2001", "2004", "2008 гг."]),
    ("в 2001 и 2004 годах", ["2001", "2004 годах"]),
    ("больше, чем в 2023 году—1800", ["2023 году", "1800"]),     # no range runs backwards
])
def test_years_sharing_one_year_word(text, spans):
    assert [m.span.text for m in find_dates(text, PUBLISHED)] == spans


def test_a_range_never_ends_before_it_starts():
    [mention] = find_dates("Выставка шла с 10 мая по 5 мая 2019 года.", PUBLISHED)
    assert (mention.start, mention.end) == (date(2019, 5, 5), date(2019, 5, 5))
    [mention] = find_dates("Сезон длился с 10 июня по 5 мая.", PUBLISHED)     # over a new year
    assert (mention.start, mention.end) == (date(2023, 6, 10), date(2024, 5, 5))


def test_parts_are_as_written():
    (full,) = find_dates("7 июля 2024 года", PUBLISHED)
    assert (full.year, full.month, full.day) == (2024, 7, 7)
    (no_year,) = find_dates("30 апреля этого года", PUBLISHED)
    assert (no_year.year, no_year.month, no_year.day) == (None, 4, 30)
    (month_range,) = find_dates("в январе-марте 2024 года", PUBLISHED)
    assert (month_range.year, month_range.month, month_range.day) == (2024, None, None)


def test_far_month_without_year_is_last_year():
    (mention,) = find_dates("в декабре", date(2024, 1, 15))
    assert mention.start == date(2023, 12, 1)


def test_relative_dates_need_a_publication_date():
    (absolute,) = find_dates("в 2023 году", None)
    assert absolute.start == date(2023, 1, 1)
    for text in ("в прошлом году", "вчера", "7 июля", "в понедельник"):
        (mention,) = find_dates(text, None)
        assert mention.start is None and mention.end is None


def test_offsets_shift_into_the_article():
    article = "Заголовок.\nВ 2023 году оборот вырос."
    sentence_start = article.index("В 2023")
    (mention,) = find_dates(article[sentence_start:], PUBLISHED, sentence_start, article)
    assert article[mention.span.start:mention.span.stop] == "2023 году"


def test_dates_stage_runs_alone():
    import newsfacts

    art = newsfacts.Pipeline(extract=("dates",)).extract("Вчера, 6 июля, прошёл саммит.", published="2024-07-07")
    assert art.entities == [] and art.figures == []
    assert [d.span.text for d in art.dates] == ["Вчера", "6 июля"]
    assert all(d.start == date(2024, 7, 6) for d in art.dates)


def test_every_date_of_a_long_sentence_is_found():
    days = [f"{day} марта 2020 года" for day in range(1, 29)]
    text = "Встречи прошли " + ", ".join(days * 20) + "."
    mentions = find_dates(text, PUBLISHED)
    assert [m.span.text for m in mentions] == days * 20
    assert mentions[-1].start == date(2020, 3, 28)


def test_weekday_after_a_long_word():
    text = "а" * 3000 + "ое в прошлую субботу"
    (mention,) = find_dates(text, PUBLISHED)
    assert mention.span.text == "в прошлую субботу" and mention.start == date(2024, 7, 6)


def test_bare_years_of_a_long_sentence():
    # each bare year is judged by the words right around it
    text = "Рекорды " + ", ".join(["2007 рублей", "2010"] * 200) + "."
    assert [m.span.text for m in find_dates(text, PUBLISHED)] == ["2010"] * 200
