"""newsfacts on one article: entities, roles, quotes, figures and dates.

    python examples/quickstart.py [PATH]
"""
import sys
from pathlib import Path

import newsfacts

path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("article.txt")
article = newsfacts.extract(path.read_text(encoding="utf-8"))

print(f"{article.title} ({article.published})")
names = {entity.id: entity.name for entity in article.entities}
for entity in article.entities:
    print(f"{entity.type:4} {entity.name} x{len(entity.mentions)}")
for role in article.roles:
    print(f"role: {names[role.person]} - {role.title} ({names.get(role.org, '')})")
for quote in article.quotes:
    print(f"{quote.kind} quote by {names.get(quote.speaker, '?')}: {quote.text[:70]}")
for figure in article.figures:
    change = f", change {figure.change.value}{figure.change.unit}" if figure.change else ""
    print(f"{figure.kind}: {figure.span.text} = {figure.value} {figure.unit or ''}{change}")
for mention in article.dates:
    print(f"date: {mention.span.text} -> {mention.start}..{mention.end}")
