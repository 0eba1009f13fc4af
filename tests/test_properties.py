"""Properties over arbitrary Unicode: no exception, spans that index the text, ids that
resolve, the same output for the same input.

The texts mix Russian news fragments (so the extractors fire) with arbitrary and
awkward characters: control characters and NUL, lone combining marks, right-to-left
text, emoji, every kind of line break, non-breaking and zero-width spaces. Under the
"ci" profile each property runs 2,000 examples. The model-free stages (clean,
segment, dates, numbers) take texts of 0 to 100,000 characters; the full pipeline,
whose cost is the models, takes short ones.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import newsfacts
from newsfacts import nlp, numbers
from newsfacts.clean import clean
from newsfacts.records import Article, Span

MAX_LONG = 100_000

FRAGMENTS = [
    "Посол Китая в Казахстане Чжан Сяо",
    "Председатель КНР Си Цзиньпин прибыл в Астану",
    "«Мы рады видеть друзей», — сказал он.",
    "\"Это важный шаг\", - подчеркнул Посол.",
    "Министр заявил: «Работа продолжается».",
    "«Сначала, — сказал Иванов, — надо договориться».",
    "По словам Марии Петровой, цены выросли.",
    "Глава МИД отметил, что переговоры идут",
    "как сообщил пресс-секретарь Кремля Дмитрий Песков,",
    "„вложенная“ цитата «внутри „другой“ цитаты»",
    "«Зенит» обыграл «Спартак» со счётом 2:1",
    "товарооборот составил 41 млрд долларов",
    "увеличившись на 32%",
    "что на 18% больше, чем в 2023 году",
    "более 1 250,5 тыс. тонн",
    "около 17,62 млрд рублей",
    "210-250 миллионов долларов",
    "полтора миллиона человек",
    "в 1,5 раза",
    "+32%",
    "5 000 ₸ и 300 ₽ и $40 и 7 €",
    "с января по май этого года",
    "воскресенье, 7 июля, 2024 20:11",
    "Москва. 30 апреля. INTERFAX.RU",
    "ТАСС, 10 августа.",
    "07.07.2024",
    "вчера, в понедельник,",
    "к 30 апреля прошлого года",
    "ст. 2.4 КоАП, тел. +7 (727) 123-45-67",
    "за 32 года",
    "Главная | Новости | Контакты",
    "Похожие новости",
    "© 2024 Все права защищены",
    "Сергей Семак, главный тренер «Зенита»,",
    "Он добавил:",
    "«", "»", "\"", "„", "“", "”", "(", ")", "[", "]", "—", " - ", ": ", ", ", ". ",
]
# characters that break naive code: controls, NUL, combining marks alone, bidi marks and
# right-to-left letters, emoji (with joiners and flags), line and paragraph separators,
# non-breaking and zero-width spaces, the replacement character
AWKWARD = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x7f\x85\u0301\u0300\u0308\u20dd\u200b\u200c\u200d\u2060\ufeff"
    "\u00a0\u202f\u2007\u2009\u3000\u2028\u2029\r\n\t\u200e\u200f\u202a\u202b\u202e\u2066\u2069"
    "\u05e9\u05dc\u05d5\u05dd\u0627\u0644\u0633\u0644\u0627\u0645\u0661\u0662\u06f3"
    "\U0001f600\U0001f44d\U0001f3fd\U0001f1f7\U0001f1fa\u2764\ufe0f\ufffd\u00ad\u0130\u0131\u1e9e\u00df"
    "ǅﬁ²½①Ⅻ٣೬𝟘"
)
BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\n\n", "\x0b", "\x0c", "\x85", " \u00a0 ", "\t"]

awkward_chars = st.sampled_from(AWKWARD)


@st.composite
def spliced(draw):
    """A news fragment with an awkward character put inside it (inside a word, a number)."""
    fragment = draw(st.sampled_from(FRAGMENTS))
    at = draw(st.integers(0, len(fragment)))
    return fragment[:at] + draw(awkward_chars) + fragment[at:]


piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(FRAGMENTS),
    spliced(),
    st.text(awkward_chars, max_size=4),
    st.text(max_size=8),                   # any Unicode scalar value
    st.sampled_from(BREAKS),
    st.integers(-10, 10**12).map(str),
)
short_texts = st.lists(piece, max_size=14).map("".join)


def _repeat(text: str, times: int) -> str:
    return ((text or "\n") * times)[:MAX_LONG]


# long texts are repeats of short ones: generating 100,000 random characters is slow,
# repeating is not, and repetition is where quadratic code shows. Repeat counts are
# log-uniform up to 100,000, so every order of length is tried and the mean stays low.
repeats = st.integers(0, 50).map(lambda k: round(MAX_LONG ** (k / 50)))
long_texts = st.builds(_repeat, short_texts, repeats)
# one text in eight is long: enough to try every length, cheap enough for 2,000 examples
any_length_texts = st.sampled_from([False] * 7 + [True]).flatmap(lambda long: long_texts if long else short_texts)


# ------------------------------------------------------------------ invariants

def _spans(value):
    """Every Span inside a record, walking nested records and lists."""
    if isinstance(value, Span):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _spans(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _spans(item)


def check_article(article: Article, text: str) -> None:
    """The invariants every Article keeps, whatever its text."""
    assert article.text == text
    for span in _spans(article):
        assert 0 <= span.start <= span.stop <= len(text), span
        assert text[span.start:span.stop] == span.text, span
    ids = [entity.id for entity in article.entities]
    assert len(ids) == len(set(ids)), ids
    types = {entity.id: entity.type for entity in article.entities}
    for entity in article.entities:
        assert entity.mentions, entity
    for role in article.roles:
        assert types.get(role.person) == "PER", role
        assert role.org is None or role.org in types, role
    for quote in article.quotes:
        assert quote.speaker is None or quote.speaker in types, quote
        assert quote.text == quote.span.text, quote
    for figure in article.figures:
        assert all(subject in types for subject in figure.subjects), figure
    starts = [s.start for s in article.sentences]
    assert starts == sorted(starts)
    for before, after in zip(article.sentences, article.sentences[1:]):
        assert before.stop <= after.start


FULL = newsfacts.Pipeline()
MODEL_FREE = newsfacts.Pipeline(extract=("dates",))  # clean, segment, dates: no model runs


# ------------------------------------------------------------------ properties

@settings(suppress_health_check=[HealthCheck.too_slow])
@given(any_length_texts)
def test_model_free_stages_keep_offsets(text):
    cleaned = clean(text)
    for start, stop in cleaned.regions + cleaned.skipped:
        assert 0 <= start <= stop <= len(text)
    sents = nlp.segment(text, cleaned.regions)
    for sent in sents:
        assert text[sent.start:sent.stop] == sent.text
        for token in sent.tokens:
            assert sent.start <= token.start < token.stop <= sent.stop
            assert text[token.start:token.stop] == token.text
    article = MODEL_FREE.extract(text)
    assert article.errors == [], article.errors
    check_article(article, text)
    for mention in article.dates:
        assert mention.start is None or mention.end is None or mention.start <= mention.end
    check_numbers(text)


def check_numbers(text: str) -> None:
    """numbers.py: every number lies inside the text, its value finite."""
    for num in numbers.scan_numbers(numbers.tokenize(text), text):
        assert 0 <= num.start < num.stop <= len(text), num
        assert num.value.is_finite(), num
        assert num.value_max is None or num.value_max.is_finite(), num


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(short_texts)
def test_pipeline_total_and_deterministic(text):
    first = FULL.extract(text, published="2024-07-07")
    assert first.errors == [], first.errors
    check_article(first, text)
    # a headline is a line of the text, trimmed, with a word in it
    assert first.title is None or (first.title in text and re.search(r"\w", first.title)
                                   and first.title == first.title.strip())
    assert FULL.extract(text, published="2024-07-07") == first
    assert Article.model_validate_json(first.model_dump_json()) == first


@given(st.text(st.sampled_from(" \t\n\r\u00a0\u2028\u2029\u200b\u3000\x0b\x0c\x85\u202f"), max_size=50))
def test_blank_text_gives_empty_article(text):
    article = FULL.extract(text)
    assert article.errors == []
    assert article.text == text
    assert not (article.entities or article.roles or article.quotes or article.figures or article.dates)
