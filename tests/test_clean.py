from datetime import date

import pytest

from newsfacts.clean import clean, is_chrome, parse_dateline

CHROME = [
    "Контакты",
    "Похожие новости",
    "Автор",
    "Читайте также:",
    "jambylinfo.kz",
    "www.example.ru",
    "Newsportal.kz - Главные новости страны. Будьте в курсе событий",
    "Tengrinews.kz - новости Казахстана и мира",
    "© 2024 Все права защищены",
    "Фото: пресс-служба акимата",
]
NOT_CHROME = [
    "Председатель КНР Си Цзиньпин посетит саммит ШОС в Астане",
    "Контакты двух стран расширяются с каждым годом.",
    "Автор проекта рассказал о планах на следующий год.",
    "Акорда",
    "Zakon.kz - Токаев подписал закон о республиканском бюджете.",
]


@pytest.mark.parametrize("line", CHROME)
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize("line", NOT_CHROME)
def test_content_lines(line):
    assert not is_chrome(line)


DATELINES = [
    ("воскресенье, 7 июля, 2024 20:11", date(2024, 7, 7)),
    ("7 июля 2024 г.", date(2024, 7, 7)),
    ("12.03.2023, 10:15", date(2023, 3, 12)),
    ("2023-03-12", date(2023, 3, 12)),
    ("Москва. 30 апреля. INTERFAX.RU - Президент подписал указ.", None),
    ("ТАСС, 10 августа.", None),
]


@pytest.mark.parametrize("line, expected", DATELINES)
def test_datelines(line, expected):
    found, when = parse_dateline(line)
    assert found
    assert when == expected


def test_body_sentence_is_no_dateline():
    assert parse_dateline("Президент прилетел в Астану в воскресенье.") == (False, None)


def test_clean_keeps_offsets_and_finds_title():
    text = "пятница, 1 марта, 2024 09:00\n\nКонтакты\n\nГлава МИД прибыл в Минск\n\nТекст новости.\n\nАвтор\n"
    cleaned = clean(text)
    assert cleaned.published == date(2024, 3, 1)
    assert cleaned.title == "Глава МИД прибыл в Минск"
    skipped = [text[a:b] for a, b in cleaned.skipped]
    assert skipped == ["Контакты", "Автор"]
    analysed = [text[a:b] for a, b in cleaned.regions]
    assert "Текст новости." in analysed and "Контакты" not in analysed


@pytest.mark.parametrize("text, sentences", [
    # a quoted name with "!" after its noun does not end the sentence
    ("Сопредседатель группы «Экозащита!» Владимир Сливяк отметил это. Он ушёл.",
     ["Сопредседатель группы «Экозащита!» Владимир Сливяк отметил это.", "Он ушёл."]),
    ("Акции компании «Yahoo!» Inc. выросли.", ["Акции компании «Yahoo!» Inc. выросли."]),
    # quoted speech with "!" does
    ("Он сказал «Стой!» Мы стояли.", ["Он сказал «Стой!»", "Мы стояли."]),
    ("Он крикнул: «Уходите!» Все ушли.", ["Он крикнул: «Уходите!»", "Все ушли."]),
])
def test_sentences_go_on_past_a_quoted_name(text, sentences):
    from newsfacts import nlp
    assert [s.text for s in nlp.segment(text, clean(text).regions)] == sentences
