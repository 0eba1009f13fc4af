import re
from pathlib import Path

import pytest

from newsfacts.doc import Mention
from newsfacts.entities import INVISIBLE, group_mentions, normalize, refine_mentions

NORMAL_FORMS = [
    ("Си Цзиньпина", "PER", "Си Цзиньпин"),
    ("Александром Налбандовым", "PER", "Александр Налбандов"),
    ("Марии Захаровой", "PER", "Мария Захарова"),
    ("Сергею Семаку", "PER", "Сергей Семак"),
    ("Министерства иностранных дел России", "ORG", "Министерство иностранных дел России"),
    ("Государственной думы", "ORG", "Государственная дума"),
    ("Астане", "LOC", "Астана"),
    ("Астану", "LOC", "Астана"),
    ("Соединенных Штатов", "LOC", "Соединенные Штаты"),
    ("Казахстана", "LOC", "Казахстан"),
    ("КНР", "LOC", "КНР"),
    ("Jambylinfo.kz", "ORG", "Jambylinfo.kz"),
]


@pytest.mark.parametrize("surface, type, normal", NORMAL_FORMS)
def test_normal_forms(surface, type, normal):
    assert normalize(surface, type) == normal


def mentions_of(text, *parts):
    found, offset = [], 0
    for part, type in parts:
        start = text.index(part, offset)
        found.append(Mention(start, start + len(part), type, part))
        offset = start + len(part)
    return found


def test_surname_joins_full_name_and_aliases_join():
    text = "Посол Китая Чжан Сяо заявил, что КНР готова. Чжан добавил, что Китай ждет."
    entities = group_mentions(text, mentions_of(
        text, ("Китая", "LOC"), ("Чжан Сяо", "PER"), ("КНР", "LOC"), ("Чжан", "PER"), ("Китай", "LOC")))
    by_name = {e.name: e for e in entities}
    assert set(by_name) == {"Китай", "Чжан Сяо"}
    assert [m.text for m in by_name["Китай"].mentions] == ["Китая", "КНР", "Китай"]
    assert [m.text for m in by_name["Чжан Сяо"].mentions] == ["Чжан Сяо", "Чжан"]


def test_abbreviation_in_brackets_is_the_same_org():
    text = "Об этом сообщил Комитет защиты журналистов (КЗЖ). Позже КЗЖ уточнил данные."
    entities = group_mentions(text, mentions_of(
        text, ("Комитет защиты журналистов", "ORG"), ("КЗЖ", "ORG"), ("КЗЖ", "ORG")))
    assert len(entities) == 1
    assert entities[0].name == "Комитет защиты журналистов"
    assert len(entities[0].mentions) == 3


def test_one_type_per_thing():
    text = "Китай и Россия подписали договор. Китай заявил о поддержке."
    entities = group_mentions(text, mentions_of(text, ("Китай", "LOC"), ("Россия", "LOC"), ("Китай", "ORG")))
    china = next(e for e in entities if e.name == "Китай")
    assert china.type == "LOC" and len(china.mentions) == 2


def test_post_nouns_and_chrome_words_are_not_entities():
    text = "Посол сообщил СМИ о визите."
    assert group_mentions(text, mentions_of(text, ("Посол", "PER"), ("СМИ", "ORG"))) == []


def test_quoted_title_is_not_an_org():
    text = 'Китай поддерживает стратегию "Новый Казахстан".'
    entities = group_mentions(text, mentions_of(text, ("Китай", "LOC"), ("Новый Казахстан", "ORG")))
    assert [e.name for e in entities] == ["Китай"]


REFINE = [
    ("руководитель КЗЖ Джоэл Саймон (Joel Simon).", "Джоэл Саймон (Joel Simon)", "PER", ["Джоэл Саймон", "Joel Simon"]),
    ("Концерн «Майкрософт» представил документы.", "Концерн «Майкрософт»", "ORG", ["Майкрософт"]),
    ("Голы: Сёмин (Овечкин, Фёдоров).", "Овечкин, Фёдоров", "PER", ["Овечкин", "Фёдоров"]),
    ("Поезда Китай-Европа идут.", "Китай-Европа", "LOC", ["Китай", "Европа"]),
    ("Речная экосистема пострадала.", "Речная", "LOC", []),
    ("Аким области Ермаганбет Булекпаев открыл школу.", "Аким области", "LOC", []),
    ("Экс-офицер МВД подал иск.", "Экс-офицер", "ORG", []),
    ("Арт-дилер Наталья Курникова выразила сомнения.", "Арт-дилер", "PER", []),
    ("Нью-Йорк принял закон.", "Нью-Йорк", "LOC", ["Нью-Йорк"]),
    ("В Кировоградской (Кропивницкой) области.", "Кировоградской (Кропивницкой) области", "LOC",
     ["Кировоградской (Кропивницкой) области"]),
    ("Глава Федеральной службы по надзору в сфере связи, информационных технологий и массовых коммуникаций.",
     "Федеральной службы по надзору в сфере связи, информационных технологий и массовых коммуникаций", "ORG",
     ["Федеральной службы по надзору в сфере связи, информационных технологий и массовых коммуникаций"]),
    # an organisation tagged as its adjective alone goes on with the noun that agrees
    ("Матч 16-го тура Российской премьер-лиги прошёл в Казани.", "Российской", "ORG", ["Российской премьер-лиги"]),
    ("Он вошёл в состав Государственной думы.", "Государственной", "ORG", ["Государственной думы"]),
    ("Решение Верховного суда вступило в силу.", "Верховного", "ORG", ["Верховного суда"]),
    ("Доклад Российской в среду обсудили.", "Российской", "ORG", ["Российской"]),
]


@pytest.mark.parametrize("text, part, type, expected", REFINE)
def test_refine_mentions(text, part, type, expected):
    refined = refine_mentions(text, mentions_of(text, (part, type)))
    assert [m.text for m in refined] == expected
    assert all(text[m.start:m.stop] == m.text for m in refined)


def test_article_names_its_own_full_form():
    text = "Министерство юстиции сообщило о проверке. РФ и Россия - одна страна."
    entities = group_mentions(text, mentions_of(
        text, ("Министерство юстиции", "ORG"), ("РФ", "LOC"), ("Россия", "LOC")))
    assert sorted(e.name for e in entities) == ["Министерство юстиции", "Россия"]


def test_abbreviation_alone_takes_the_lexicon_name():
    text = "Президент РФ выступил."
    assert [e.name for e in group_mentions(text, mentions_of(text, ("РФ", "LOC")))] == ["Россия"]


def test_a_surname_means_the_person_named_last_before_it(pipeline):
    text = ("Дед пограничника Владимир Петренко приехал в Алматы вместе с адвокатом и родственниками "
            "других солдат, погибших на заставе прошлой зимой. «Мой внук никого не убивал», — сказал "
            "Петренко. Владислав Петренко остаётся под арестом.")
    article = pipeline.extract(text)
    names = {e.name: [m.text for m in e.mentions] for e in article.entities if e.type == "PER"}
    assert names == {"Владимир Петренко": ["Владимир Петренко", "Петренко"],
                     "Владислав Петренко": ["Владислав Петренко"]}
    (quote,) = article.quotes
    assert article.entity(quote.speaker).name == "Владимир Петренко"


@pytest.mark.parametrize("span, kept", [
    ("Полковник Квачков", "Квачков"), ("Посол Чжан Сяо", "Чжан Сяо"), ("Всё-таки Проди", "Проди"),
    ("Игорь Король", "Игорь Король"), ("34-летний Тиджей", "Тиджей"),
])
def test_a_post_or_a_particle_before_a_name_is_left_out(span, kept):
    from newsfacts.entities import _drop_lead_words

    text = f"{span} прибыл в Москву."
    assert _drop_lead_words(text, Mention(0, len(span), "PER", span)).text == kept


def test_an_initial_glued_to_a_surname_joins_the_person_it_fits(pipeline):
    text = ("Президент Белоруссии Александр Лукашенко назначил нового министра. Его сын Виктор Лукашенко "
            "курирует силовиков. В.Лукашенко лоббировал назначение. А.Лукашенко подписал указ.")
    names = {e.name: [m.text for m in e.mentions] for e in pipeline.extract(text).entities if e.type == "PER"}
    assert names == {"Александр Лукашенко": ["Александр Лукашенко", "А.Лукашенко"],
                     "Виктор Лукашенко": ["Виктор Лукашенко", "В.Лукашенко"]}


def test_an_initial_tagged_apart_from_its_surname_joins_it():
    text = "Сенат утвердит кандидатуру Дж.Коми в пятницу."
    start = text.index("Дж")
    mentions = [Mention(start, start + 2, "PER", "Дж"), Mention(start + 3, start + 7, "PER", "Коми")]
    assert [m.text for m in refine_mentions(text, mentions)] == ["Дж.Коми"]


@pytest.mark.parametrize("text, parts, expected", [
    ("В ГУ МВД по Москве сообщили о задержании.", [("ГУ", "ORG"), ("МВД", "ORG")], ["ГУ МВД"]),
    ("Сотрудники ТУ Росимущества проверили здание.", [("Росимущества", "ORG")], ["ТУ Росимущества"]),
    ("Отдел ГУ сообщил, что МВД проверит жалобу.", [("МВД", "ORG")], ["МВД"]),
])
def test_a_main_or_territorial_office_joins_its_body(text, parts, expected):
    # "ГУ", "ТУ" before a body's name are its office: one organisation
    assert [m.text for m in refine_mentions(text, mentions_of(text, *parts))] == expected


# ------------------------------------------------------------------ tables of cases

DATA = Path(__file__).parent / "data"
MARK = re.compile(r"\[([^\[\]|]+)\|(PER|ORG|LOC)\]")


def read_cases(name: str) -> list:
    """The lines of a table in tests/data: cases under "# ===== known misses" are strict xfails."""
    cases, missed = [], False
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("# ====="):
            missed = "known misses" in line
            continue
        if not line.strip() or line.startswith("#"):
            continue
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if missed else []
        cases.append(pytest.param(line, marks=marks, id=line[:60]))
    return cases


def one_mention(line: str) -> tuple[str, Mention, str]:
    """"a sentence with [a mention] | TYPE | name" -> the text, the mention, the name."""
    sentence, type, name = (field.strip() for field in line.split("|"))
    sentence = sentence.encode("ascii", "backslashreplace").decode("unicode_escape")
    start, stop = sentence.index("["), sentence.index("]") - 1
    text = sentence.replace("[", "", 1).replace("]", "", 1)
    return text, Mention(start, stop, type, text[start:stop]), name


@pytest.mark.parametrize("line", read_cases("names_forms.txt") + read_cases("names_abbreviations.txt"))
def test_names(line):
    text, mention, name = one_mention(line)
    (entity,) = group_mentions(text, [mention])
    assert entity.name == name


def test_an_abbreviation_tagged_as_a_person_is_an_organisation():
    text = "«Диалог нужен», - сказал Генсек СЕ."
    start = text.index("СЕ")
    (entity,) = group_mentions(text, [Mention(start, start + 2, "PER", "СЕ")])
    assert (entity.type, entity.name) == ("ORG", "СЕ")


@pytest.mark.parametrize("line", read_cases("names_invisible.txt"))
def test_invisible_characters_stay_out_of_names(line):
    text, mention, name = one_mention(line)
    (entity,) = group_mentions(text, [mention])
    assert entity.name == name
    (span,) = entity.mentions
    # offsets index the text as given; the span's edges are visible characters
    assert text[span.start:span.stop] == span.text
    assert not INVISIBLE.match(span.text[0]) and not INVISIBLE.match(span.text[-1])


def marked_mentions(marked: str) -> tuple[str, list[Mention]]:
    text, mentions, position = "", [], 0
    for match in MARK.finditer(marked):
        text += marked[position:match.start()]
        mentions.append(Mention(len(text), len(text) + len(match.group(1)), match.group(2), match.group(1)))
        text += match.group(1)
        position = match.end()
    return text + marked[position:], mentions


@pytest.mark.parametrize("line", read_cases("grouping_cases.txt"))
def test_grouping(line):
    marked, expected = line.split(" => ")
    type = "PER"
    if " | " in expected:
        expected, type = expected.split(" | ")
    text, mentions = marked_mentions(marked)
    entities = [e for e in group_mentions(text, mentions) if e.type == type]
    got = "; ".join(f"{e.name}: " + ", ".join(m.text for m in e.mentions) for e in entities)
    assert got == expected


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u200d", "\u200e", "\ufeff", "\u2060"])
def test_an_invisible_character_changes_no_name(invisible):
    # metamorphic: the same sentence with an invisible character inside and before the name
    plain = "Министр Сергей Лавров прибыл в Астану."
    text = plain.replace("Лавров", "Лав" + invisible + "ров").replace("Астану", invisible + "Астану")

    def names(t):
        parts = [("Сергей Лав" + invisible + "ров" if invisible in t else "Сергей Лавров", "PER"),
                 ((invisible + "Астану") if invisible in t else "Астану", "LOC")]
        return sorted(e.name for e in group_mentions(t, mentions_of(t, *parts)))

    assert names(text) == names(plain) == ["Астана", "Сергей Лавров"]


@pytest.mark.parametrize("words, case", [
    (["Кими", "Райкконена"], "gent"),
    (["Юрию", "Мильнеру"], "datv"),
    (["Джоанна", "Стингрей"], "nomn"),
])
def test_the_case_a_name_is_in(words, case):
    from newsfacts.entities import Cue, person_case

    assert person_case(words, Cue(frozenset({case}), strength=0.5))[0] == case


def test_a_preposition_tells_the_case():
    from newsfacts.entities import context_cue

    text = "Машина стояла у Кими Райкконена."
    start = text.index("Кими")
    assert context_cue(text, start, len(text) - 1).cases == {"gent"}


@pytest.mark.parametrize("text, part, kept", [
    ("Сайты в доменной зоне .РФ открылись.", "РФ", False),
    ("Новость сообщил портал tengrinews.Kz утром.", "Kz", False),
    ("Указ подписал А.Лукашенко вечером.", "Лукашенко", True),
])
def test_a_name_glued_to_a_dot_is_an_address(text, part, kept):
    entities = group_mentions(text, mentions_of(text, (part, "LOC" if part != "Лукашенко" else "PER")))
    assert bool(entities) == kept


def test_a_craft_named_once_is_no_organisation_anywhere():
    text = "Шаттл «Дискавери» вернулся на Землю. После «Дискавери» полетит «Индевор»."
    entities = group_mentions(text, mentions_of(text, ("Дискавери", "ORG"), ("Дискавери", "ORG"), ("Индевор", "ORG")))
    assert [e.name for e in entities] == ["Индевор"]


@pytest.mark.parametrize("span, kept", [
    ("ИА Regnum", ["Regnum"]), ("агентство France-Presse", ["France-Presse"]), ("ООО", []),
])
def test_a_kind_of_organisation_is_no_part_of_its_latin_name(span, kept):
    text = f"Об этом сообщило {span} вечером."
    assert [e.name for e in group_mentions(text, mentions_of(text, (span, "ORG")))] == kept


def test_a_quoted_latin_name_keeps_its_first_word():
    text = 'Как пишет казанская "Газета Daily", завод строят.'
    assert [e.name for e in group_mentions(text, mentions_of(text, ("Газета Daily", "ORG")))] == ["Газета Daily"]


def test_a_name_and_a_surname_tagged_a_place_are_a_person():
    text = "Улица носит имя Ахмат-Хаджи Кадырова."
    (entity,) = group_mentions(text, mentions_of(text, ("Ахмат-Хаджи Кадырова", "LOC")))
    assert (entity.type, entity.name) == ("PER", "Ахмат-Хаджи Кадыров")


@pytest.mark.parametrize("word, phrase, compound", [
    ("Госдума", "Государственная дума", True), ("Минприроды", "Министерство природных ресурсов", True),
    ("Центризбирком", "Центральная избирательная комиссия", True), ("Центробанк", "Центральный банк", True),
    ("Европа", "Европейский парламент", False), ("Россия", "Российская Федерация", False),
    ("Москва", "Московская область", False),
])
def test_a_compound_of_first_syllables(word, phrase, compound):
    from newsfacts.entities import _is_stump_compound

    assert _is_stump_compound(word, phrase) == compound


@pytest.mark.parametrize("text, tagged, spotted", [
    # a form of a name tagged elsewhere becomes a mention of its entity
    ("Выручка «Ростелекома» выросла. «Ростелеком» выплатит дивиденды.", "Ростелеком", ["Ростелекома"]),
    ("Автомобиль марки Bentley разбит. Владелец Bentley скрылся.", "Bentley", ["Bentley"]),
    # an adjective of the name, a part of a longer name, a craft's name: none
    ("Российской экономике тяжело. Россия ищет инвесторов.", "Россия", []),
    ("Банк России снизил ставку. Россия ищет инвесторов.", "Россия", []),
    ("Старт шаттла «Дискавери» перенесли. «Дискавери» ждут в мае.", "Дискавери", []),
])
def test_repeated_names_are_spotted(text, tagged, spotted):
    from newsfacts import nlp
    from newsfacts.clean import clean
    from newsfacts.entities import spot_repeated_names
    start = text.rindex(tagged)
    [entity] = group_mentions(text, [Mention(start, start + len(tagged), "ORG", tagged)])
    sents = nlp.segment(text, clean(text).regions)
    [entity] = spot_repeated_names(text, sents, [entity])
    assert [m.text for m in entity.mentions if m.start != start] == spotted


@pytest.mark.parametrize("text, people, spotted", [
    # a surname opening with an Arabic article, alone in lower case: the one person who bears it
    ("Генерал Фарид ас-Сайед вышел на свободу. Первым выступил генерал ас-Сайед.", ["Фарид ас-Сайед"],
     ["ас-Сайед"]),
    # not a surname two people share
    ("Салим аль-Хашими и его сын Карим аль-Хашими прибыли. Адвокат аль-Хашими выступил.",
     ["Салим аль-Хашими", "Карим аль-Хашими"], []),
])
def test_a_surname_with_an_arabic_article_is_spotted(text, people, spotted):
    from newsfacts import nlp
    from newsfacts.clean import clean
    from newsfacts.entities import spot_repeated_names
    mentions = [Mention(text.index(name), text.index(name) + len(name), "PER", name) for name in people]
    entities = spot_repeated_names(text, nlp.segment(text, clean(text).regions), group_mentions(text, mentions))
    assert [m.text for e in entities for m in e.mentions if m.text not in people] == spotted


@pytest.mark.parametrize("text, names", [
    # an adjective and a kind of organisation before a quoted name: the name is the quoted one
    ("Украинская газета «Заря» сообщила, что слежка велась с декабря.", ["Заря"]),
    ("Американский телеканал «Восход» показал интервью министра.", ["Восход"]),
    # a newspaper so named, with no quoted name after it
    ("Как пишет Российская газета, сделка сорвалась.", ["Российская газета"]),
])
def test_a_kind_before_a_quoted_name_is_no_name(pipeline, text, names):
    assert [e.name for e in pipeline.extract(text).entities if e.type == "ORG"] == names


@pytest.mark.parametrize("text, name", [
    ("Решение Европейского суда по правам человека вступило в силу.", "Европейский суд по правам человека"),
    ("В ГУ МЧС по Свердловской области сообщили о пожаре.", "ГУ МЧС по Свердловской области"),
    ("По мнению ГУ МВД по Москве инспектор нарушил устав.", "ГУ МВД по Москве"),
    ("ГУ МВД по Нижегородской области начало проверку.", "ГУ МВД по Нижегородской области"),
])
def test_an_organisation_name_goes_on_with_its_tail(pipeline, text, name):
    # "по ..." is the name's, up to a word in the nominative or a verb that begins the clause after it
    assert name in [e.name for e in pipeline.extract(text).entities if e.type == "ORG"]


@pytest.mark.parametrize("text, part, expected", [
    ("Депутат Мажилиса Азат Перуашев раскритиковал законопроект.", "Мажилиса Азат Перуашев",
     [("Мажилиса", "ORG"), ("Азат Перуашев", "PER")]),
    ("Аким Караганды Ерлан Абдикаримов открыл школу.", "Караганды Ерлан Абдикаримов",
     [("Караганды", "LOC"), ("Ерлан Абдикаримов", "PER")]),
    ("Заместитель акима Алматы Ерлан Ахметов провёл совещание.", "Алматы Ерлан Ахметов",
     [("Алматы", "LOC"), ("Ерлан Ахметов", "PER")]),
    ("Глава Минцифры Максут Шадаев выступил.", "Минцифры Максут Шадаев",
     [("Минцифры", "ORG"), ("Максут Шадаев", "PER")]),
    ("Министр Иван Петрович Сидоров выступил.", "Иван Петрович Сидоров", [("Иван Петрович Сидоров", "PER")]),
    ("Министр Минина Ольга Петрова выступила.", "Минина Ольга Петрова", [("Минина Ольга Петрова", "PER")]),
    ("Шейх Хамад бен Джасем аль-Тани прибыл.", "Хамад бен Джасем аль-Тани", [("Хамад бен Джасем аль-Тани", "PER")]),
])
def test_a_body_or_place_run_into_a_name_is_split_off(text, part, expected):
    # a word that is only an inanimate noun in the genitive is no part of a person's name
    assert [(m.text, m.type) for m in refine_mentions(text, mentions_of(text, (part, "PER")))] == expected


@pytest.mark.parametrize("text, part, expected", [
    ("В общежитии Петербургского университета произошел пожар.", "Петербургского университета произошел пожар",
     ["Петербургского университета"]),
    ("Акции Уральской стали выросли.", "Уральской стали", ["Уральской стали"]),
])
def test_a_name_ends_before_a_verb(text, part, expected):
    # NER ran the name on into its clause; "стали" is also a noun
    assert [m.text for m in refine_mentions(text, mentions_of(text, (part, "ORG")))] == expected


def test_a_surname_with_an_arabic_article_is_no_verb():
    # pymorphy reads "ас-Сувейди" only as a verb; it is the person's surname
    text = "Министр Халид ас-Сувейди заявил, что переговоры продолжатся."
    assert [m.text for m in refine_mentions(text, mentions_of(text, ("Халид ас-Сувейди", "PER")))] == [
        "Халид ас-Сувейди"]
