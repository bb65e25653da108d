"""What the words around a time expression say: the clause's tense, quotations.

These are text readings, not calendar maths: they tell the resolver whether
"Sunday" lies before or after the anchor, and which anchor applies (the
publication date, or the day a quotation was said).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from extract.temporal.lexicon import load_lexicon
from extract.temporal.resolve import FUTURE, PAST, PRESENT

_SENTENCE_END = regex.compile(r"(?<!\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
                              r"U\.S|No|Gen|Col|Lt|Sen|Rep|Gov|Inc|Corp|Co|Ltd|vs?))[.!?](?=\s)|\n")
_PRESENT_CUES = ("is", "are", "am", "says", "has", "have", "does", "do", "remains", "continues")


@functools.lru_cache(maxsize=1)
def _cue_pattern():
    lexicon = load_lexicon()
    cues = []
    for kind, name in ((FUTURE, "future_cues"), (PAST, "past_cues")):
        cues.extend((c, kind) for c in lexicon.cues(name))
    cues.extend((c, PRESENT) for c in _PRESENT_CUES)
    kinds = {c.lower(): k for c, k in cues}
    alternation = "|".join(regex.escape(c).replace(r"\ ", r"\s+") for c in sorted(kinds, key=len, reverse=True))
    pattern = regex.compile(rf"(?<![\w'’])(?:{alternation})(?![\w])|(?<![\w'’])[a-z]{{3,}}ed(?![\w])",
                            regex.IGNORECASE)
    skip = {w.lower() for w in lexicon.cues("non_past_ed")}
    return pattern, kinds, skip


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or headline, bullet, paragraph line) around ``text[start:end]``."""
    left = 0
    for match in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = match.end()
    found = _SENTENCE_END.search(text, end, min(len(text), end + 400))
    right = found.end() if found else min(len(text), end + 400)
    return left, right


def clause_tense(text: str, start: int, end: int) -> str | None:
    """The tense of the clause holding ``text[start:end]``: the nearest cue decides.

    Cues before the expression count at their distance, cues after it at one
    and a half times theirs (in news the verb usually comes first).  A past
    participle after "be"/"being" (a passive, "will be held") is no past cue.
    """
    pattern, kinds, skip = _cue_pattern()
    left, right = sentence_bounds(text, start, end)
    best = None
    for match in pattern.finditer(text, left, right):
        if start <= match.start() < end:
            continue
        word = regex.sub(r"\s+", " ", match.group(0).lower())
        kind = kinds.get(word)
        if kind is None:
            if word in skip:
                continue
            kind = PAST
        if kind == PAST and regex.search(r"\b(?:be|being|to)\s+$", text[max(left, match.start() - 7):match.start()],
                                         regex.IGNORECASE):
            continue
        if match.end() <= start:
            distance = start - match.end()
        else:
            distance = (match.start() - end) * 1.5
        if best is None or distance < best[0]:
            best = (distance, kind)
    return best[1] if best else None


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark (or the end of the paragraph)
    closed: bool
    continues: bool  # a paragraph that carries on the previous, unclosed quotation


_OPEN_CLOSE = {"“": "”", "‘": "’", '"': '"', "'": "'"}


def find_quotes(text: str) -> list[Quote]:
    """Quotations of ``text``: curly or straight, double or single, closed or running to the paragraph end."""
    quotes: list[Quote] = []
    i, n = 0, len(text)
    previous_open_ended = False
    while i < n:
        char = text[i]
        closer = _OPEN_CLOSE.get(char)
        at_word_start = i == 0 or not (text[i - 1].isalnum())
        if closer and at_word_start and i + 1 < n and not text[i + 1].isspace():
            j = i + 1
            end = None
            while j < n:
                c = text[j]
                if c == "\n":
                    break
                if c == closer and (j + 1 >= n or not text[j + 1].isalpha()) and text[j - 1] not in " \t":
                    if not (closer in "’'" and text[j - 1] in "sS" and j + 1 < n and text[j + 1] == " "
                            and j + 2 < n and text[j + 2].islower() and False):
                        end = j + 1
                        break
                j += 1
            paragraph_start = i == 0 or text[max(0, i - 1)] == "\n" or text[max(0, text.rfind("\n", 0, i)) + 1:i].strip() == ""
            continues = previous_open_ended and paragraph_start
            if end is None:
                quotes.append(Quote(i, j, closed=False, continues=continues))
                previous_open_ended = True
                i = j
                continue
            quotes.append(Quote(i, end, closed=True, continues=continues))
            previous_open_ended = False
            i = end
            continue
        if char == "\n" and i + 1 < n and text[i + 1] == "\n":
            pass
        i += 1
    return quotes


@functools.lru_cache(maxsize=1)
def _speech_pattern():
    cues = load_lexicon().cues("speech_verbs")
    alternation = "|".join(regex.escape(c).replace(r"\ ", r"\s+") for c in sorted(cues, key=len, reverse=True))
    return regex.compile(rf"(?<!\w)(?:{alternation})(?!\w)", regex.IGNORECASE)


def quote_frames(text: str, quote: Quote) -> tuple[tuple[int, int], ...]:
    """The stretches of text that introduce or attribute ``quote`` with a speech verb."""
    frames = []
    left, _ = sentence_bounds(text, quote.start, quote.start + 1)
    before = (left, quote.start)
    if _speech_pattern().search(text, *before):
        frames.append(before)
    if quote.closed:
        _, right = sentence_bounds(text, quote.end, quote.end)
        after = (quote.end, right)
        if _speech_pattern().search(text, *after):
            frames.append(after)
    return tuple(frames)
