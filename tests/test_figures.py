"""Figures: kinds, values, units, qualifiers, changes, periods, metrics; what is not a figure."""
from datetime import date
from pathlib import Path
from decimal import Decimal

import pytest

from conftest import shared_file

PUBLISHED = "2024-07-07"

# sentence | span | kind | value | value_max | unit | qualifier
FIGURES = """
Выручка составила 17,62 млрд долларов.              | 17,62 млрд долларов   | money    | 17620000000 |           | USD | exact
Штраф составит 25 тыс. руб. за нарушение.           | 25 тыс. руб.          | money    | 25000       |           | RUB | exact
Компания заплатила $27 млн.                          | $27 млн               | money    | 27000000    |           | USD | exact
Бюджет — 1 250,5 млн рублей.                         | 1 250,5 млн рублей    | money    | 1250500000  |           | RUB | exact
Сделка оценена в 1.844.036.360,12 тенге.             | 1.844.036.360,12 тенге | money   | 1844036360.12 |         | KZT | exact
Он получил 300 €.                                    | 300 €                 | money    | 300         |           | EUR | exact
Кредит в 500 млн юаней выдан.                        | 500 млн юаней         | money    | 500000000   |           | CNY | exact
Доход составил 40 тысяч гривен.                      | 40 тысяч гривен       | money    | 40000       |           | UAH | exact
Зарплата выросла до 900 белорусских рублей.          | 900 белорусских рублей | money   | 900         |           | BYN | exact
Цена — 15 тыс. сумов.                                | 15 тыс. сумов         | money    | 15000       |           | UZS | exact
Пенсия составит 8 тысяч сомов.                       | 8 тысяч сомов         | money    | 8000        |           | KGS | exact
Кредит на 200 манатов выдан.                         | 200 манатов           | money    | 200         |           | AZN | exact
Им выплатили 30 млн фунтов стерлингов.               | 30 млн фунтов стерлингов | money | 30000000    |           | GBP | exact
Они потратили 5 млрд иен.                            | 5 млрд иен            | money    | 5000000000  |           | JPY | exact
Штраф составил 70 тыс. лари.                         | 70 тыс. лари          | money    | 70000       |           | GEL | exact
Ущерб оценили в 3 млн драмов.                        | 3 млн драмов          | money    | 3000000     |           | AMD | exact
Инвестиции составят 210-250 миллионов долларов.      | 210-250 миллионов долларов | money | 210000000 | 250000000 | USD | exact
Штраф от 3 до 5 тысяч рублей.                        | 3 до 5 тысяч рублей   | money    | 3000        | 5000      | RUB | exact
Пострадали более 30 человек.                         | 30 человек            | quantity | 30          |           | человек | more
Ущерб составил свыше 45 тысяч рублей.                | 45 тысяч рублей       | money    | 45000       |           | RUB | more
В акции участвовали около 200 волонтёров.            | 200 волонтёров        | quantity | 200         |           | волонтёр | about
Сбор продлится до 60% месячной нормы.                | 60%                   | percent  | 60          |           | %   | less
Запасы составляют почти 370 тысяч тонн.              | 370 тысяч тонн        | quantity | 370000      |           | тонна | about
Число жалоб превысило 5000.                          | 5000                  | quantity | 5000        |           | жалоба | more
Задержаны двое мужчин.                               | двое мужчин           | quantity | 2           |           | мужчина | exact
В больницу доставили четверо.                        | четверо               | quantity | 4           |           | человек | exact
Полтора миллиона зрителей посмотрели фильм.          | Полтора миллиона зрителей | quantity | 1500000 |           | зритель | exact
В городе открылись пятьсот магазинов.                | пятьсот магазинов     | quantity | 500         |           | магазин | exact
Доля компании — 15%.                                 | 15%                   | percent  | 15          |           | %   | exact
Партия набрала 27,7 %.                               | 27,7 %                | percent  | 27.7        |           | %   | exact
Длина трассы — 4 км.                                 | 4 км                  | quantity | 4           |           | км  | exact
Рекорд — 82 километра 169 метров.                    | 82 километра 169 метров | quantity | 82.169    |           | километр | exact
"""

# sentence | change value | unit | direction   (the change attaches to the only figure)
CHANGES = """
Оборот достиг 41 млрд долларов, увеличившись на 32%.            | 32  | %     | up
Оборот составил 17 млрд долларов, что на 18% больше.             | 18  | %     | up
Экспорт составил 5 млрд долларов (+12%).                         | 12  | %     | up
Выпуск составил 300 тысяч тонн, снизившись на 3,5%.              | 3.5 | %     | down
Экспорт вырос на 15% и составил 2 млрд долларов.                 | 15  | %     | up
"""

# sentence | span of the change figure | value | unit | direction
CHANGE_FIGURES = """
ВВП вырос на 3% за год.                       | на 3%                | 3   | %     | up
Акции компании упали на 40 %.                 | на 40 %              | 40  | %     | down
Доходы снизились на 3 млрд рублей.            | на 3 млрд рублей     | 3000000000 | RUB | down
Цены выросли в 1,5 раза.                      | в 1,5 раза           | 1.5 | times | up
Инфляция замедлилась на -3,2%.                | -3,2%                | 3.2 | %     | down
"""

# sentence | span | period start | period end
PERIODS = """
В 2023 году оборот достиг 41 млрд долларов.                       | 41 млрд долларов  | 2023-01-01 | 2023-12-31
С января по май этого года оборот составил 17,62 млрд долларов.   | 17,62 млрд долларов | 2024-01-01 | 2024-05-31
К 30 апреля число поездов превысило 5000.                         | 5000              | None       | 2024-04-30
В первом полугодии выручка составила 8 млрд рублей.               | 8 млрд рублей     | 2024-01-01 | 2024-06-30
За 9 месяцев 2023 года продано 500 тысяч машин.                   | 500 тысяч машин   | 2023-01-01 | 2023-09-30
С 2004 года компания заплатила 30 млн долларов.                   | 30 млн долларов   | 2004-01-01 | None
Выручка составила 8 млрд рублей, на 5% больше, чем в прошлом году. | 8 млрд рублей    | None       | None
"""

# sentences whose numbers are none of them figures
NOT_FIGURES = [
    "За 32 года отношения окрепли.",
    "Визит состоится 30 апреля 2024 года.",
    "В 2023 году всё изменилось.",
    "Встреча началась в 10:00 по московскому времени.",
    "Ему было 64 года.",
    "Погиб 33-летний мужчина.",
    "Это второй визит.",
    "Дело возбуждено по части 2 статьи 214 УК РФ.",
    "Нарушена ст. 282 УК РФ.",
    "Звоните по телефону 8 (800) 555-35-35.",
    "Войсковая часть 58661-49 переведена.",
    "Матч завершился со счётом 2:1.",
    "Он посетил страну дважды.",
    "Он был лауреатом премии 5 раз.",
    "Пандемия COVID-19 закончилась.",
    "Россия и Китай — соседние страны. Лидеры двух стран встретились.",
    "Это один из лучших игроков.",
    "Купюра в 100-долларовой банкноте.",
    "Эти двое ушли.",
    "Тысячи человек вышли на улицы.",
    "Пройдет 15 суток ареста.",
    "Он занял 34 место в рейтинге.",
]


def rows(table):
    for line in table.strip().splitlines():
        yield [cell.strip() for cell in line.split("|")]


def figures_of(pipeline, text):
    art = pipeline.extract(text, published=PUBLISHED)
    assert art.errors == []
    for figure in art.figures:
        assert art.text[figure.span.start:figure.span.stop] == figure.span.text
    return art.figures


def dec(text):
    return Decimal(text) if text else None


@pytest.mark.parametrize("text,span,kind,value,value_max,unit,qualifier", list(rows(FIGURES)))
def test_figure(pipeline, text, span, kind, value, value_max, unit, qualifier):
    (figure,) = figures_of(pipeline, text)
    assert figure.span.text == span
    assert (figure.kind, figure.value, figure.value_max) == (kind, dec(value), dec(value_max))
    assert (figure.unit or "").replace("ё", "е") == unit.replace("ё", "е")
    assert figure.qualifier == qualifier


@pytest.mark.parametrize("text,value,unit,direction", list(rows(CHANGES)))
def test_change_attaches_to_its_figure(pipeline, text, value, unit, direction):
    (figure,) = figures_of(pipeline, text)
    assert figure.kind == "money" or figure.kind == "quantity"
    assert figure.change is not None
    assert (figure.change.value, figure.change.unit, figure.change.direction) == (dec(value), unit, direction)


@pytest.mark.parametrize("text,span,value,unit,direction", list(rows(CHANGE_FIGURES)))
def test_change_figure(pipeline, text, span, value, unit, direction):
    changes = [f for f in figures_of(pipeline, text) if f.kind == "change"]
    assert len(changes) == 1
    figure = changes[0]
    assert figure.span.text == span and figure.value is None and figure.unit is None
    assert (figure.change.value, figure.change.unit, figure.change.direction) == (dec(value), unit, direction)


@pytest.mark.parametrize("text,span,start,end", list(rows(PERIODS)))
def test_period(pipeline, text, span, start, end):
    figure = next(f for f in figures_of(pipeline, text) if f.span.text == span)
    if start == end == "None":
        assert figure.period is None
        return
    assert (str(figure.period.start), str(figure.period.end)) == (start, end)
    assert figure.period.span is not None


def test_relative_period_needs_publication_date(pipeline):
    art = pipeline.extract("С января по май этого года оборот составил 17 млрд долларов.")
    (figure,) = art.figures
    assert figure.period is None


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(pipeline, text):
    assert figures_of(pipeline, text) == []


def test_metric(pipeline):
    (figure,) = figures_of(pipeline, "В 2023 году торговый оборот достиг 41 млрд долларов.")
    assert figure.metric == "торговый оборот"
    (figure,) = figures_of(pipeline, "Число контейнерных поездов превысило 5000.")
    assert figure.metric == "число контейнерный поезд" and figure.unit == "поезд"


@pytest.mark.parametrize("text, metric", [
    ("Ему принадлежит 51% акций завода.", "акция завод"),
    ("Опрос показал, что 52% опрошенных жителей поддерживают проект.", "опрошенный житель"),
    ("Фонд заберёт 15 % от общего объёма собранных средств.", "общий объем собранный средство"),
    ("Расходы на отложенные закупки составили 2 млрд рублей.", "расход на отложенный закупка"),
    ("Стоимость отложенных закупок составила 2 млрд рублей.", "стоимость отложенный закупка"),
])
def test_metric_is_the_phrase_measured(pipeline, text, metric):
    (figure,) = figures_of(pipeline, text)
    assert figure.metric == metric


def test_a_share_of_nothing_named_has_no_metric(pipeline):
    (figure,) = figures_of(pipeline, "Социал-демократы получили 15,2 % и пятнадцать мест.")[:1]
    assert figure.metric is None


def test_unit_from_previous_figure(pipeline):
    figures = figures_of(pipeline, "Доходы составили 300 млн рублей. В 2019 году — 316 млн.")
    assert [(f.kind, f.unit, f.value) for f in figures] == [("money", "RUB", 300000000), ("money", "RUB", 316000000)]


def test_conversion_in_brackets_is_a_figure_of_its_own(pipeline):
    figures = figures_of(pipeline, "Компания получила более 368 млн рублей (около 5,8 млн долларов).")
    assert [(f.unit, f.qualifier) for f in figures] == [("RUB", "more"), ("USD", "about")]


def test_a_left_out_unit_is_not_taken_from_a_conversion(pipeline):
    text = ("Первый получит 368 млн рублей (около 5,8 млн долларов), второй — 316 млн (около 5 млн долларов). "
            "Третий — 290 млн (около 4,6 млн долларов).")
    assert [f.unit for f in figures_of(pipeline, text)] == ["RUB", "USD", "RUB", "USD", "RUB", "USD"]


def test_level_reached_after_change_verb_is_exact(pipeline):
    (figure,) = figures_of(pipeline, "Глубина канала увеличена до 5 метров.")
    assert figure.qualifier == "exact" and figure.unit == "метр"


# ---------------------------------------------------------------- the seed article

def test_seed_figures(seed_article):
    art = seed_article
    ids = {e.name: e.id for e in art.entities}
    subjects = sorted([ids["Китай"], ids["Казахстан"]])
    assert len(art.figures) == 3
    first, second, third = art.figures

    assert first.span.text == "41 млрд долларов"
    assert (first.kind, first.value, first.unit, first.qualifier) == ("money", 41000000000, "USD", "exact")
    assert first.metric == "торговый оборот"
    assert (first.change.value, first.change.unit, first.change.direction) == (32, "%", "up")
    assert (first.period.start, first.period.end) == (date(2023, 1, 1), date(2023, 12, 31))
    assert sorted(first.subjects) == subjects

    assert second.span.text == "17,62 млрд долларов"
    assert (second.kind, second.value, second.unit, second.qualifier) == ("money", Decimal("17620000000"), "USD",
                                                                          "exact")
    assert second.metric == "торговый оборот"
    assert (second.change.value, second.change.unit, second.change.direction) == (18, "%", "up")
    assert (second.period.start, second.period.end) == (date(2024, 1, 1), date(2024, 5, 31))
    assert sorted(second.subjects) == subjects

    assert third.span.text == "5000"
    assert (third.kind, third.value, third.unit, third.qualifier) == ("quantity", 5000, "поезд", "more")
    assert third.metric == "число контейнерный поезд"
    assert third.change is None
    assert (third.period.start, third.period.end) == (None, date(2024, 4, 30))


def test_seed_dates(seed_article):
    found = {d.span.text: (d.start, d.end) for d in seed_article.dates}
    assert seed_article.published == date(2024, 7, 7)
    assert found["воскресенье, 7 июля, 2024"] == (date(2024, 7, 7), date(2024, 7, 7))
    assert found["сентября 2022 года"] == (date(2022, 9, 1), date(2022, 9, 30))
    assert found["2023 году"] == (date(2023, 1, 1), date(2023, 12, 31))
    assert found["января по май этого года"] == (date(2024, 1, 1), date(2024, 5, 31))
    assert found["аналогичным периодом прошлого года"] == (date(2023, 1, 1), date(2023, 12, 31))
    assert found["30 апреля этого года"] == (date(2024, 4, 30), date(2024, 4, 30))


def test_quotes_figures_dev_articles_give_valid_spans(pipeline):
    import json

    path = shared_file("data", "quotes-figures-dev.jsonl")
    with open(path, encoding="utf-8") as file:
        docs = [json.loads(line) for line in file][:5]
    for doc in docs:
        art = pipeline.extract(doc["text"], published=doc.get("published"))
        assert not art.errors
        for record in list(art.figures) + list(art.dates):
            assert art.text[record.span.start:record.span.stop] == record.span.text


# ---------------------------------------------------------------- long inputs (no timing: benchmarks/ measures)

@pytest.mark.parametrize("text", ["Сайт https://example.ru/?id=500 открыт.", "Адрес www.site.ru/page?n=700 работает.",
                                  "Пишите на 500@mail.ru."])
def test_numbers_in_links_and_addresses_are_not_figures(pipeline, text):
    assert figures_of(pipeline, text) == []


def test_figure_after_a_long_run_without_spaces(pipeline):
    (figure,) = figures_of(pipeline, "x" * 5000 + "@ Выручка составила 5 млн рублей.")
    assert figure.span.text == "5 млн рублей" and figure.unit == "RUB"


def test_each_figure_of_a_long_sentence_takes_its_nearest_period(pipeline):
    parts = [f"в {year} году {year - 1990} млн рублей" for year in range(2001, 2021)]
    figures = figures_of(pipeline, "Выручка составила " + ", ".join(parts * 10) + ".")
    assert [(f.value, f.period.span.text) for f in figures] == \
        [(Decimal((year - 1990) * 1_000_000), f"{year} году") for year in range(2001, 2021)] * 10


def test_only_the_first_of_many_changes_attaches(pipeline):
    figures = figures_of(pipeline, "Цена составила 100 рублей" + ", +5%" * 300 + ".")
    assert figures[0].change is not None and figures[0].change.span.text == "+5%"
    assert [f.kind for f in figures[1:]] == ["change"] * 299


def test_many_bare_numbers_after_an_amount_take_its_unit(pipeline):
    figures = figures_of(pipeline, "Цены: 100 рублей" + ", 5" * 500 + ".")
    assert len(figures) == 501 and {f.unit for f in figures} == {"RUB"}


# ---------------------------------------------------------------- golden tables (tests/data/figures_*.txt)

DATA = Path(__file__).parent / "data"


def table(name):
    """The cases of a table, one a line, cells split on "|"; cases after a "# ===== xfail" header
    are known misses, run as strict xfails."""
    cases, known_miss = [], False
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("# ====="):
            known_miss = "xfail" in line
            continue
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("|")]
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if known_miss else []
        cases.append(pytest.param(*cells, marks=marks, id=cells[0][:40]))
    return cases


def cell(text):
    return None if text == "-" else text


def figure_at(pipeline, text, span):
    found = [f for f in figures_of(pipeline, text) if f.span.text == span]
    assert found, f"no figure {span!r} in {[f.span.text for f in figures_of(pipeline, text)]}"
    return found[0]


@pytest.mark.parametrize("text,span,metric", table("figures_metric.txt"))
def test_metric_table(pipeline, text, span, metric):
    assert figure_at(pipeline, text, span).metric == cell(metric)


@pytest.mark.parametrize("text,span,kind,unit", table("figures_units.txt"))
def test_unit_table(pipeline, text, span, kind, unit):
    figure = figure_at(pipeline, text, span)
    assert figure.kind == kind
    assert (figure.change.unit if kind == "change" else figure.unit) == unit


@pytest.mark.parametrize("text,span,kind,value,value_max,qualifier,change,change_max,change_unit,direction",
                         table("figures_levels.txt"))
def test_level_table(pipeline, text, span, kind, value, value_max, qualifier, change, change_max, change_unit,
                     direction):
    figure = figure_at(pipeline, text, span)
    assert (figure.kind, figure.qualifier) == (kind, qualifier)
    assert (figure.value, figure.value_max) == (dec(cell(value)), dec(cell(value_max)))
    if cell(change) is None:
        assert figure.change is None
        return
    got = figure.change
    assert (got.value, got.value_max, got.unit, got.direction) == \
        (dec(change), dec(cell(change_max)), change_unit, direction)


@pytest.mark.parametrize("case", [pytest.param("|".join(p.values), marks=p.marks, id=p.id)
                                  for p in table("figures_not.txt")])
def test_figure_or_not_table(pipeline, case):
    text, *expected = [part.strip() for part in case.split("|")]
    figures = figures_of(pipeline, text)
    if not expected:
        assert figures == [], [f.span.text for f in figures]
        return
    span, value, unit = expected
    figure = figure_at(pipeline, text, span)
    assert (figure.value, figure.unit) == (Decimal(value), cell(unit))


@pytest.mark.parametrize("text,span,start,end", table("figures_period.txt"))
def test_period_table(pipeline, text, span, start, end):
    figure = figure_at(pipeline, text, span)
    got = (figure.period.start, figure.period.end) if figure.period else (None, None)
    assert tuple(str(d) if d else None for d in got) == (cell(start), cell(end))
