"""Readable views of an Article: a compact text form for terminals, HTML for notebooks."""
from __future__ import annotations

import html


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def format_text(article) -> str:
    names = {e.id: e.name for e in article.entities}
    lines = [f"Article(id={article.id!r}, published={article.published}, title={_short(article.title or '')!r})"]
    for e in article.entities:
        lines.append(f"  {e.type} {e.name} ×{len(e.mentions)}")
    for r in article.roles:
        lines.append(f"  role: {names.get(r.person)} — {r.title}" + (f" ({names.get(r.org)})" if r.org else ""))
    for q in article.quotes:
        lines.append(f"  {q.kind} quote [{names.get(q.speaker, '?')}, {q.cue}]: {_short(q.text)}")
    for f in article.figures:
        lines.append(f"  {f.kind}: {f.span.text} = {f.value} {f.unit or ''}".rstrip())
    for d in article.dates:
        lines.append(f"  date: {d.span.text} -> {d.start}..{d.end}")
    for err in article.errors:
        lines.append(f"  error: {err}")
    return "\n".join(lines)


COLORS = {"PER": "#fde2e4", "ORG": "#e2ecfd", "LOC": "#e2fde6", "quote": "#fff6d5", "figure": "#f0e2fd"}


def format_html(article) -> str:
    names = {e.id: e.name for e in article.entities}
    marks = []  # (start, stop, css colour, tooltip)
    for e in article.entities:
        for m in e.mentions:
            marks.append((m.start, m.stop, COLORS[e.type], f"{e.type}: {e.name}"))
    for q in article.quotes:
        marks.append((q.span.start, q.span.stop, COLORS["quote"], f"{q.kind} quote: {names.get(q.speaker, '?')}"))
    for f in article.figures:
        marks.append((f.span.start, f.span.stop, COLORS["figure"], f"{f.kind}: {f.value} {f.unit or ''}"))
    # open and close tags at each boundary; nested marks close in reverse order
    events = []
    for start, stop, color, tip in marks:
        events.append((start, 1, stop, color, tip))
        events.append((stop, 0, start, color, tip))
    events.sort(key=lambda e: (e[0], e[1], -e[2] if e[1] else -e[2]))
    out, pos = [], 0
    text = article.text
    for offset, is_open, _, color, tip in events:
        out.append(html.escape(text[pos:offset]))
        pos = offset
        out.append(f'<span style="background:{color}" title="{html.escape(tip)}">' if is_open else "</span>")
    out.append(html.escape(text[pos:]))
    head = html.escape(article.title or "")
    return (f"<div><b>{head}</b> <small>{article.published or ''}</small>"
            f"<div style='white-space:pre-wrap'>{''.join(out)}</div></div>")
