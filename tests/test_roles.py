import pytest

from newsfacts import Pipeline

CASES = [
    # text, person, title, org
    ("Посол Китая в Казахстане Чжан Сяо прибыл в Астану.", "Чжан Сяо", "посол", "Китай"),
    ("Председатель КНР Си Цзиньпин посетит Астану.", "Си Цзиньпин", "председатель", "Китай"),
    ("Сергей Семак, главный тренер «Зенита», доволен игрой.", "Сергей Семак", "главный тренер", "Зенит"),
    ("На встрече выступил заместитель министра иностранных дел Грузии Александр Налбандов.",
     "Александр Налбандов", "заместитель министра", None),
    ("В 2010 году Модибо Сидибе был министром иностранных дел Мали.", "Модибо Сидибе", "министр", None),
    ("Концерт дали музыканты Юрий Царёв, Алексей Борисов и Павел Шевелёв.", "Алексей Борисов", "музыкант", None),
]


@pytest.fixture(scope="module")
def roles_pipeline():
    return Pipeline(extract=("entities", "roles"))


@pytest.mark.parametrize("text, person, title, org", CASES)
def test_roles(roles_pipeline, text, person, title, org):
    article = roles_pipeline.extract(text)
    found = [(article.entity(r.person).name, r.title, article.entity(r.org).name if r.org else None)
             for r in article.roles]
    assert any(p == person and t.startswith(title) and (org is None or o == org) for p, t, o in found), found
    for role in article.roles:
        assert article.text[role.span.start:role.span.stop] == role.span.text


NO_ROLE = [
    "По словам посла Чжан Сяо, главы КНР и Казахстана проведут переговоры.",
    "Страну, которую председатель Си Цзиньпин посетил дважды, называют партнером.",
    "Об этом журналистам сообщил представитель Обамы.",
]


@pytest.mark.parametrize("text", NO_ROLE)
def test_no_false_roles(roles_pipeline, text):
    article = roles_pipeline.extract(text)
    assert all(r.title in {"посол", "председатель"} for r in article.roles), article.roles
