"""Quotation marks paired over each paragraph in one pass.

razdel splits sentences inside quotes, so pairs are not looked for sentence by
sentence; a closing mark looks at most MAX_NESTING openers deep, so the time is linear
however many stray marks a text has.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..clean import QUOTE_CHARS, iter_lines

MAX_NESTING = 8            # how deep a closing mark looks for its opener: keeps pairing linear
# (?=(?P<x>...))(?P=x) takes a run whole and never gives it back (an atomic group that
# Python 3.10 can read), so a long run of spaces is not retried at every split; a dash
# before "это" is the copula of the sentence ('спасти "Семью" - это было'), no attribution
ATTRIBUTION_AHEAD = re.compile(
    r"(?=(?P<a>\s*))(?P=a)(?:[,!?…](?=(?P<b>\s*))(?P=b))?[—–-](?=(?P<c>\s+))(?P=c)(?![Ээ]то\b)")

@dataclass(slots=True)
class Pair:
    """A pair of quotation marks: `open` and `close` index the marks themselves."""
    open: int
    close: int
    closed: bool = True
    depth: int = 0

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _left_open(prev: str) -> bool:
    # a mark after a space, a bracket, a dash or another opening mark opens
    return prev == "" or prev.isspace() or prev in "([{<—–-/:«„“‘"


def _right_closed(nxt: str) -> bool:
    return nxt == "" or nxt.isspace() or nxt in ".,;:!?…)]}>»“”\"'’-—–"


def _find_open(stack: list[tuple[str, int]], openers: str) -> int:
    """Index in the stack of the nearest opener among `openers`, looking MAX_NESTING deep."""
    for k in range(len(stack) - 1, max(-1, len(stack) - 1 - MAX_NESTING), -1):
        if stack[k][0] in openers:
            return k
    return -1


def _pair_line(text: str, start: int, stop: int) -> list[Pair]:
    pairs: list[Pair] = []
    stack: list[tuple[str, int]] = []

    def close(k: int, i: int) -> None:
        pairs.append(Pair(stack[k][1], i))
        del stack[k:]

    for i in range(start, stop):
        ch = text[i]
        if ch not in QUOTE_CHARS:
            continue
        prev = text[i - 1] if i > start else ""
        nxt = text[i + 1] if i + 1 < stop else ""
        if ch in "«„":
            stack.append((ch, i))
        elif ch == "»":
            k = _find_open(stack, "«")
            if k >= 0:
                close(k, i)
        elif ch in "\"“”":
            # „…“ closes with “; otherwise a mark's side is read off its neighbours
            k = _find_open(stack, "„") if ch == "“" else -1
            if k >= 0:
                close(k, i)
                continue
            k = _find_open(stack, "\"“„")
            opens, closes = _left_open(prev), _right_closed(nxt)
            if ch == "”" or (closes and not opens) or (opens == closes and k >= 0):
                if k >= 0 and ATTRIBUTION_AHEAD.match(text, i + 1, stop):
                    # '…: "Мам, я не делал!" - цитирует издание': the dash ends the outer quote
                    k = min((j for j in range(max(0, len(stack) - MAX_NESTING), len(stack))
                             if stack[j][0] in "\"“„"), default=k)
                if k >= 0:
                    close(k, i)
            elif opens or (not closes and k < 0):
                stack.append((ch, i))
        else:  # ' ‘ ’: an apostrophe between letters is no quotation mark
            if prev.isalpha() and nxt.isalpha():
                continue
            k = _find_open(stack, "'‘")
            if ch in "'‘" and _left_open(prev) and nxt.isalpha():
                stack.append((ch, i))
            elif ch in "'’" and k >= 0 and not _left_open(prev) and _right_closed(nxt):
                close(k, i)
    # an opener left open runs to the end of its paragraph, unless pairs follow it
    for ch, i in stack[:1]:
        if not any(p.open > i for p in pairs):
            end = stop
            while end > i + 1 and text[end - 1].isspace():
                end -= 1
            pairs.append(Pair(i, end, closed=False))
    return pairs


def pair_quotes(text: str, lines: Optional[list[tuple[int, int]]] = None) -> list[Pair]:
    """Pairs of quotation marks in `text`, paragraph by paragraph, with their nesting depth.

    One pass with a stack; a closing mark looks at most MAX_NESTING openers deep, so
    the time is linear however many stray marks the text has.
    """
    pairs: list[Pair] = []
    for start, stop in lines if lines is not None else iter_lines(text):
        pairs.extend(_pair_line(text, start, stop))
    pairs.sort(key=lambda p: (p.open, -p.close))
    outer: list[Pair] = []
    for pair in pairs:
        while outer and outer[-1].close < pair.open:
            outer.pop()
        pair.depth = len(outer)
        outer.append(pair)
    return pairs

