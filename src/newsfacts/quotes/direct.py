"""Direct speech: quoted words attributed by a cue, and paragraphs whose quotation
marks are lost. Each rule has a name, ranked in `selection.RANKS`."""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from typing import Optional

from .. import morph
from ..clean import QUOTE_CHARS
from ..morph import fold
from ..references import DASHES
from ..references.lexicon import RELAY_VERBS
from .cues import (ATTRIBUTION_CHARS, Cue, cue_after, cue_at, cue_before_colon, cue_for_that, cue_on_line_before,
                   may_infinitive)

from .indirect import source_phrase
from .marks import Pair
from .text import (DIRECT, INDIRECT, Found, Text, a_list_of_names, enough_words, is_lower_start, is_speaker_label,
                   looks_like_title, trim, words_of)

DASH_LINE = re.compile(r"[—–-]\s")

SENTENCE_GOES_ON = re.compile(
    r"(?=(?P<a>\s*))(?P=a)(?=(?P<p>[.!?…]*))(?P=p)(?=(?P<b>\s*))(?P=b)(?:$|[А-ЯЁA-Z«\"“„—–-])")
FRAGMENT_REACH = 12        # the farthest a quoted fragment may lie from its cue, in tokens


# ------------------------------------------------------------------ quoted words

def find_direct(tx: Text) -> list[Found]:
    """Direct speech in quotation marks, each pair tried by the rules in turn:

        «Q1, — сказал X, — Q2»         split_by_attribution
        «Q», — сказал X.               attribution_after
        X заявил: «Q».  X: «Q».        colon_before
        X добавил, что «Q».            quoted_that_clause
        X отметил, что «Q», — передает Y.   quoted_that_clause, relayed_that_clause (Y's)
        назвала ситуацию «тяжёлой»     fragment_on_cue
        «Q» after a quote of X         continued_paragraph (kept only if it continues one)
    """
    out: list[Found] = []
    text = tx.text
    for pair in tx.top:
        start, stop = pair.inner
        if stop - start < 2 or tx.sent_of(start) is None:
            continue
        line_start, line_stop = tx.line_of(pair.open)
        inner = text[start:stop]
        pieces = _interruptions(tx, start, stop)
        if pieces:
            out.extend(_split_quote(text, start, stop, pieces))
            continue
        a, b = trim(text, start, stop)
        if b <= a:
            continue
        after = cue_after(tx, pair.close + 1, line_stop) if pair.closed else None
        lookback = max(line_start, pair.open - ATTRIBUTION_CHARS)
        before = text[lookback:pair.open].rstrip()
        that = _cue_before_that(tx, pair.open) if re.search(r"(?:^|\W)что$", before, re.I) else None
        if after is not None and that is None and before.endswith(",") and after.lemma in RELAY_VERBS:
            that = _source_before(tx, pair.open)    # "По его словам, «Q», — передает Y": the same
        if after is not None and that is not None:
            # "X отметил, что «Q», — передает Y": Q is X's, the whole relayed clause Y's
            out.append(Found(a, b, DIRECT, "quoted_that_clause", that))
            whole = trim(text, tx.sents[that.sent].start, pair.close + 1)
            out.append(Found(*whole, INDIRECT, "relayed_that_clause", after))
            continue
        colon = None
        if before.endswith(":"):
            colon = cue_before_colon(tx, lookback + len(before) - 1)
        elif not before and pair.open - line_start <= ATTRIBUTION_CHARS:
            colon = cue_on_line_before(tx, line_start)
        if after is not None and colon is not None and after.lemma in RELAY_VERBS and colon.lemma != ":":
            # "X сказал: «Q», — сообщает Y": the outlet relays what the text says X said
            out.append(Found(a, b, DIRECT, "colon_before", colon))
            continue
        if after is not None and not _names_only(tx, a, b) and not _inside_clause(tx, pair, line_start):
            out.append(Found(a, b, DIRECT, "attribution_after", after))
            continue
        if colon is not None:
            out.append(Found(a, b, DIRECT, "colon_before", colon))
            continue
        if that is not None and _ends_sentence(tx, pair, line_stop):
            out.append(Found(a, b, DIRECT, "quoted_that_clause", that))
            continue
        if is_lower_start(inner) and not _scare_quoted(before):
            cue = _cue_in_sentence(tx, pair)
            if cue is not None:
                out.append(Found(a, b, DIRECT, "fragment_on_cue", cue))
                continue
        if _may_continue(text, pair, line_start):
            out.append(Found(a, b, DIRECT, "continued_paragraph"))
    return out


def _interruptions(tx: Text, start: int, stop: int) -> list[tuple[int, int, Cue]]:
    """'«Q1, — сказал X, — Q2»': the attributions inside a quote, each as (start, stop, cue)."""
    found = []
    text = tx.text
    for match in re.finditer(r"(?:[,!?…]\s*[—–-]+|\s[—–]|\s-)\s*", text[start:stop]):
        begin = start + match.end()
        cue = cue_after(tx, start + match.start(), stop)
        if cue is None:
            continue
        # the attribution ends at ", —" or ". —" and the quote goes on
        tail = re.search(r"[,.]\s*[—–-]+\s*", text[begin:min(stop, begin + ATTRIBUTION_CHARS)])
        if tail is None or begin + tail.end() >= stop:
            continue
        found.append((start + match.start(), begin + tail.end(), cue))
    return found


def _split_quote(text: str, start: int, stop: int, pieces: list[tuple[int, int, Cue]]) -> list[Found]:
    """The stretches of a quote between its attributions: the first takes the cue after
    it, every other the cue before it ("«Q1, — говорит X, — Q2, — заключил X, — Q3»")."""
    out = []
    bounds = [start] + [b for p in pieces for b in p[:2]] + [stop]
    for n in range(len(pieces) + 1):
        a, b = trim(text, bounds[2 * n], bounds[2 * n + 1], keep_final=True)
        a, b = trim(text, a, b) if text[b - 1:b] in ".," else (a, b)
        if b > a:
            out.append(Found(a, b, DIRECT, "split_by_attribution", pieces[max(0, n - 1)][2]))
    return out


def _inside_clause(tx: Text, pair: Pair, line_start: int) -> bool:
    """A quoted phrase inside a clause, followed by a comma and no dash: 'нарушение
    «режима самоизоляции», признав, что …' is no quote of the verb after it."""
    before = tx.text[max(line_start, pair.open - 2):pair.open].rstrip()
    if not before or not before[-1].isalpha():
        return False
    return not re.match(r"\s*[,!?…]?\s*[—–-]", tx.text[pair.close + 1:pair.close + 6])


def _names_only(tx: Text, start: int, stop: int) -> bool:
    """The quoted words are just a name: «Зенит», — сказал он (of the club, not a quote)."""
    return any(m[0] <= start and m[1] >= stop for m in tx.mentions_in(start, stop))


def _may_continue(text: str, pair: Pair, line_start: int) -> bool:
    """A quoted stretch with no cue that may go on with the previous speaker: it opens a
    sentence, reads as speech (not a title) and is long enough to say something."""
    inner = text[pair.open + 1:pair.close].strip()
    before = text[max(line_start, pair.open - 20):pair.open].rstrip()
    if before and before[-1] not in ".!?…" or is_lower_start(inner) or looks_like_title(inner):
        return False
    return len(words_of(inner)) >= (4 if pair.closed else 8)


def _ends_sentence(tx: Text, pair: Pair, line_stop: int) -> bool:
    # matched in place: a slice to the end of the line would copy a long line once per quote
    return SENTENCE_GOES_ON.match(tx.text, min(pair.close + 1, line_stop), line_stop) is not None


def _scare_quoted(before: str) -> bool:
    return re.search(r"(?:так называем\w*|т\.\s?н\.)$", before.lower()) is not None


def _closes_pair(tx: Text, offset: int) -> bool:
    closes = tx.cache.setdefault("closes", {})
    if not closes:
        closes.update((p.close, p) for p in tx.pairs if p.closed)
    return offset in closes


def _passive(word: str) -> bool:
    parses = morph.parse(fold(word))
    return bool(parses) and parses[0].tag.POS in ("PRTS", "PRTF") and "pssv" in parses[0].tag


def _cue_before_that(tx: Text, offset: int) -> Optional[Cue]:
    """The speech verb governing a "что" that ends just before `offset`."""
    si = tx.sent_of(offset - 1)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    i = tx.token_at(si, offset) - 1
    if i < 0 or fold(tokens[i].text) != "что":
        return None
    return cue_for_that(tx, si, i)


def _source_before(tx: Text, offset: int) -> Optional[Cue]:
    """The source phrase that opens the clause a quotation mark at `offset` follows, with
    only its comma between ("По его словам, «"): the cue of the quote."""
    si = tx.sent_of(offset)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    for i, token in enumerate(tokens):
        if token.start >= offset:
            break
        if i == 0 or tokens[i - 1].text in ",;:" + DASHES:
            found = source_phrase(tx, si, i)
            if found is not None and found.start <= offset + 1:     # what it reports opens with the mark
                return found.cue
    return None


def _cue_in_sentence(tx: Text, pair: Pair) -> Optional[Cue]:
    """A speech verb of the sentence a quoted fragment hangs on: 'назвала ситуацию «тяжёлой»'."""
    si = tx.sent_of(pair.open)
    if si is None:
        return None
    tokens = tx.sents[si].tokens
    at = tx.token_at(si, pair.open)
    end = tx.token_at(si, pair.close)
    best = None
    for i in range(max(0, at - FRAGMENT_REACH), min(len(tokens), end + FRAGMENT_REACH)):
        token = tokens[i]
        if tx.inside_pair(token.start) is not None:
            continue
        if i > end and any(t.text in ",.;:!?()" + DASHES for t in tokens[end + 1:i]):
            break    # a verb after the fragment must be in its clause: "источники "…" говорят"
        found = cue_at(tokens, i, fragment=True)
        if found is None or not may_infinitive(tokens, i) or _passive(token.text):
            continue    # "цена будет рассчитана по «курсу»" names no one who speaks
        # a verb before the fragment binds closer than one after it
        distance = at - i if i < at else 2 * (i - end)
        if best is None or distance < best[0]:
            best = (distance, found)
    if best is None or best[0] > FRAGMENT_REACH:
        return None
    return Cue(best[1].lemma, best[1].token, best[1].last, best[1].role, si)


# ------------------------------------------------------------------ quotation marks lost

def find_unquoted_direct(tx: Text, quoted: list[Found]) -> list[Found]:
    """Direct speech whose quotation marks are lost, in paragraphs no quote holds:

        X сказал:¶Q                    paragraph_after_colon
        — Q, — заявил X.  Q, — сказала X.   dashed_paragraph
    """
    out: list[Found] = []
    text = tx.text
    taken = sorted((f.start, f.stop) for f in quoted if f.rule != "continued_paragraph")
    taken_starts = [a for a, _ in taken]
    reach = list(accumulate((b for _, b in taken), max))   # the farthest stop of taken[:k + 1]
    for line_start, line_stop in tx.lines:
        line = text[line_start:line_stop]
        body = line.lstrip(" \t" + DASHES)
        if not body.strip() or body[:1] in QUOTE_CHARS:
            continue
        begin = line_start + len(line) - len(body)
        k = bisect_left(taken_starts, line_stop)     # taken[:k] start before the line ends
        if k and reach[k - 1] > begin:
            continue
        colon = cue_on_line_before(tx, line_start)
        if colon is not None:
            a, b = trim(text, begin, line_stop)
            if not a_list_of_names(text, a, b):     # "ОМОН:¶Макиев Давид, Тедеев Янис" lists people
                out.append(Found(a, b, DIRECT, "paragraph_after_colon", colon))
            continue
        for match in re.finditer(r"(?:[,!?…]\s*[—–-]+|\s[—–-])\s*", line):
            cue = cue_after(tx, line_start + match.start(), line_stop)
            if cue is not None and match.group()[0].isspace() and body == line and not _attribution_only(tx, cue):
                continue    # "… пранкеров - адвокат подтвердил, что": a dash inside a sentence
            if cue is None or cue.role == "impersonal":
                continue    # "Q, — добавляется в пресс-релизе" reports a document: indirect
            stop = line_start + match.start() + 1
            mark = tx.last_char(line_start, line_start + match.start() + 1)
            if text[mark] == ",":
                mark = tx.last_char(line_start, mark)
            if text[mark] in QUOTE_CHARS:
                if _closes_pair(tx, mark):
                    break   # a quotation mark before the dash: the quote is a pair of its own
                stop = mark     # 'Q", - заявил X' with the opening mark lost
            a, b = trim(text, begin, stop, keep_final=True)
            a, b = trim(text, a, b) if text[b - 1:b] in ".," else (a, b)
            if enough_words(text, a, b, 3):
                out.append(Found(a, b, DIRECT, "dashed_paragraph", cue))
            break
    return out


SPEAKER_REACH = 8     # words after a cue's verb that may name its speaker


def _attribution_only(tx: Text, cue: Cue) -> bool:
    """After the cue's verb the sentence holds only the speaker ("… — сказала Анна
    Белова."): no reported clause ("подтвердил, что …") and no clause going on ("заключила
    сделку и отделалась штрафом")."""
    after = [t.text for t in tx.sents[cue.sent].tokens[cue.last + 1:] if t.text not in ".!?…"]
    return len(after) <= SPEAKER_REACH and not any(
        word.lower() in ("что", "чтобы") or morph.parse(fold(word))[0].tag.POS in ("VERB", "INFN") for word in after)


# ------------------------------------------------------------------ transcripts and interviews

def find_transcripts(tx: Text) -> list[Found]:
    """A transcript: each paragraph opened by a speaker label is a direct quote of that
    speaker, and so is each paragraph after it until the next label.

        Иванов (прокурор): Q1¶Q2¶Петров: Q3     transcript_line Q1, Q3; transcript_paragraph Q2
    """
    labels = []     # (line index, cue, quote)
    for n, (line_start, line_stop) in enumerate(tx.lines):
        si = tx.sent_of(line_start)
        if si is None:
            continue
        tokens = tx.sents[si].tokens
        colon = next((k for k, t in enumerate(tokens[:12]) if t.text == ":"), None)
        if colon is None or colon + 1 >= len(tokens) or tokens[colon + 1].text in QUOTE_CHARS:
            continue
        cue = cue_before_colon(tx, tokens[colon].start)
        if cue is None or cue.lemma != ":" or not is_speaker_label(tx, cue):
            continue
        a, b = trim(tx.text, tokens[colon + 1].start, line_stop)
        if enough_words(tx.text, a, b, 3) and not a_list_of_names(tx.text, a, b):
            labels.append((n, cue, Found(a, b, DIRECT, "transcript_line", cue)))
    out = [found for _, _, found in labels]
    for (n, cue, _), (m, _, _) in zip(labels, labels[1:]):
        for line_start, line_stop in tx.lines[n + 1:m]:
            a, b = trim(tx.text, line_start, line_stop)
            if enough_words(tx.text, a, b, 2):
                out.append(Found(a, b, DIRECT, "transcript_paragraph", cue))
    return out


def find_interview_answers(tx: Text) -> list[Found]:
    """An interview laid out with dashes: a run of paragraphs each opened by a dash, the
    first a question. The paragraphs that ask nothing are answers of the interviewee
    the lead names (`Found.lead`: where the run starts); the questions are no quotes."""
    out: list[Found] = []
    run: list[tuple[int, int]] = []
    for line_start, line_stop in tx.lines + [(len(tx.text) + 1, len(tx.text) + 1)]:
        if DASH_LINE.match(tx.text, line_start, line_stop) and (not run or _follows(tx, run[-1], line_start)):
            run.append((line_start, line_stop))
            continue
        if len(run) >= 2 and _asks(tx, run[0]):
            for start, stop in run[1:]:
                a, b = trim(tx.text, start, stop)
                if not _asks(tx, (start, stop)) and enough_words(tx.text, a, b, 3):
                    out.append(Found(a, b, DIRECT, "interview_answer", lead=run[0][0]))
        run = [(line_start, line_stop)] if DASH_LINE.match(tx.text, line_start, line_stop) else []
    return out


def _asks(tx: Text, line: tuple[int, int]) -> bool:
    end = tx.last_char(*line)
    return end >= line[0] and tx.text[end] == "?"


def _follows(tx: Text, line: tuple[int, int], start: int) -> bool:
    # the next paragraph, with nothing but blank lines between
    return not tx.text[line[1]:start].strip()
