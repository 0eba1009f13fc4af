"""Figure.subjects on sentences of our own (no ../shared): the two countries a bilateral figure is about."""
from __future__ import annotations

import pytest

MEETING = "Президент Узбекистана Шавкат Мирзиёев провёл переговоры с президентом Кыргызстана. "


def subjects_of(pipeline, text):
    article = pipeline.extract(text, published="2024-07-07")
    return [(figure.span.text, sorted(article.entity(id).name for id in figure.subjects)) for figure in article.figures]


@pytest.mark.parametrize("text, want", [
    (MEETING + "В прошлом году товарооборот между странами вырос на 15% и достиг 3 млрд долларов.",
     [("3 млрд долларов", ["Кыргызстан", "Узбекистан"])]),
    # the same metric a sentence later keeps them
    (MEETING + "Товарооборот между нашими странами достиг 3 млрд долларов. "
               "В 2025 году товарооборот составит 4 млрд долларов.",
     [("3 млрд долларов", ["Кыргызстан", "Узбекистан"]), ("4 млрд долларов", ["Кыргызстан", "Узбекистан"])]),
    # nothing says the figure is about the two of them
    (MEETING + "Экспорт хлопка вырос до 3 млрд долларов.", [("3 млрд долларов", [])]),
])
def test_bilateral_figures_name_both_countries(pipeline, text, want):
    assert subjects_of(pipeline, text) == want
