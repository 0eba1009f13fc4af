"""The README's example and examples/quickstart.py give what they promise."""
import subprocess
import sys
from datetime import date
from decimal import Decimal

from conftest import EXAMPLES


def test_readme_example(pipeline):
    art = pipeline.extract(
        'Посол Китая Чжан Сяо прибыл в Астану.\n'
        '"Переговоры будут успешными", - подчеркнул Посол. '
        'В 2023 году товарооборот достиг 41 млрд долларов, увеличившись на 32%.',
        published="2024-07-07")
    q = art.quotes[0]
    assert (q.kind, q.cue, q.text, art.entity(q.speaker).name, q.speaker_span.text) == (
        "direct", "подчеркнуть", "Переговоры будут успешными", "Чжан Сяо", "Посол")
    f = art.figures[0]
    assert (f.kind, f.value, f.unit, f.change.value, f.change.direction, f.period.start, f.period.end) == (
        "money", Decimal("41000000000"), "USD", Decimal("32"), "up", date(2023, 1, 1), date(2023, 12, 31))


def test_quickstart_runs_on_the_example_article():
    done = subprocess.run([sys.executable, str(EXAMPLES / "quickstart.py")], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "(2024-07-07)" in out.splitlines()[0]
    assert "PER  Чжан Сяо" in out and "LOC  Астана" in out
    assert "role: Чжан Сяо - посол (Китай)" in out
    assert "direct quote by Чжан Сяо" in out
    assert "money: 41 млрд долларов = 41000000000 USD, change 32%" in out
