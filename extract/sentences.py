"""Split an article's (masked) text into paragraphs and sentences with character offsets.

Every offset points into the article's text.  A paragraph is one of these kinds:

``title``     the first line, when short and without final punctuation;
``headline``  a standfirst or sub-headline: no final punctuation, before the body;
``bullet``    a line that starts with a bullet marker (the marker is not in the sentence);
``caption``   a photo caption (cues in ``extract/data/layout.yaml``);
``body``      everything else.

Each sentence also knows whether it is inside a quotation (``quoted``), so a
later stage can tell a speaker's words from the reporter's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract import datafiles

DATA_FILE = "layout.yaml"

_TERMINAL = re.compile(r"[.!?…:;]['\"’”)\]]*\s*$")
_BOUNDARY = re.compile(r"([.!?…]+)(['\"’”)\]]*)(\s+)(?=['\"‘“(\[]?[A-Z0-9])")
_OPEN_QUOTES = "‘“"
_CLOSE_QUOTES = "’”"
_ANY_QUOTE = re.compile(f"[{_OPEN_QUOTES}{_CLOSE_QUOTES}\"']")  # every character _quote_state reads


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    index: int
    start: int
    end: int
    kind: str


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """A sentence of an article: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str
    kind: str
    paragraph: int
    quoted: bool


@dataclass(frozen=True)
class _Layout:
    bullet: re.Pattern
    captions: tuple[re.Pattern, ...]
    dateline: re.Pattern
    abbreviations: frozenset[str]


@cache
def layout() -> _Layout:
    data = datafiles.load(DATA_FILE)
    datafiles.require(data, ("bullet", "caption_cues", "caption_dateline", "abbreviations"), where=DATA_FILE)
    return _Layout(
        bullet=re.compile(data["bullet"]),
        captions=tuple(re.compile(cue["pattern"], re.IGNORECASE) for cue in data["caption_cues"]),
        dateline=re.compile(data["caption_dateline"], re.IGNORECASE),
        abbreviations=frozenset(str(word).lower() for word in data["abbreviations"]),
    )


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text`` (blank and furniture lines removed), with their kinds."""
    lines = []  # (start, end) of non-blank lines, stripped
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append((offset + lead, offset + lead + len(stripped)))
        else:
            lines.append(None)
        offset += len(line)
    spans = _join_wrapped(text, lines)
    out = []
    body_seen = False
    for index, (start, end) in enumerate(spans):
        kind = _kind(text[start:end], index=index, body_seen=body_seen)
        if kind == "body":
            body_seen = True
        if kind == "bullet":
            marker = layout().bullet.match(text, start, end)
            start = marker.end()
        out.append(Paragraph(index=index, start=start, end=end, kind=kind))
    return out


def split(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order, each with its paragraph kind and quote state."""
    sentences = []
    for para in paragraphs(text):
        inside = _quote_state(text, para.start, para.end)
        for start, end in _sentence_spans(text, para.start, para.end):
            quoted = inside[start - para.start] or _mostly_quoted(inside, start - para.start, end - para.start)
            sentences.append(
                Sentence(start=start, end=end, text=text[start:end], kind=para.kind, paragraph=para.index, quoted=quoted)
            )
    return sentences


# -- paragraphs --------------------------------------------------------------------------------


def _join_wrapped(text: str, lines: list[tuple[int, int] | None]) -> list[tuple[int, int]]:
    """Group lines into paragraphs: blank lines separate; hard-wrapped lines are joined."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for line in lines:
        if line is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    spans = []
    for block in blocks:
        if not block:
            continue
        if len(block) == 1 or not _is_wrapped(text, block):
            spans.extend(block)
            continue
        current = [block[0]]
        for line in block[1:]:
            if layout().bullet.match(text, line[0], line[1]):
                spans.append((current[0][0], current[-1][1]))
                current = [line]
            else:
                current.append(line)
        spans.append((current[0][0], current[-1][1]))
    return spans


def _is_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    """Hard-wrapped prose: most lines stop mid-sentence at a similar width."""
    ends_open = sum(1 for s, e in block[:-1] if not _TERMINAL.search(text[s:e]))
    bullets = sum(1 for s, e in block if layout().bullet.match(text, s, e))
    return bullets < len(block) / 2 and ends_open >= (len(block) - 1) / 2


def _kind(para: str, *, index: int, body_seen: bool) -> str:
    if layout().bullet.match(para):
        return "bullet"
    terminal = bool(_TERMINAL.search(para))
    if not terminal and layout().dateline.search(para):
        return "caption"
    if any(cue.search(para) for cue in layout().captions):
        return "caption"
    if not terminal and not body_seen:
        return "title" if index == 0 and len(para) < 250 else "headline"
    if not terminal and len(para.split()) <= 12:
        return "headline"
    return "body"


# -- sentences ---------------------------------------------------------------------------------


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.end(2)
        if match.group(1) == "." and _is_abbreviation(text, begin, match.start(1)):
            continue
        if match.group(1) == "…" and not match.group(2):
            continue  # "Putin… is obsessed": an ellipsis inside the sentence
        spans.append((begin, stop))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    word_start = dot
    while word_start > begin and not text[word_start - 1].isspace() and text[word_start - 1] not in "(‘“'\"":
        word_start -= 1
    word = text[word_start:dot]
    if len(word) == 1 and word.isupper():
        return True  # an initial
    return word.lower() in layout().abbreviations


def _quote_state(text: str, start: int, end: int) -> list[bool]:
    """For each character of the paragraph: is it inside quotation marks?

    Only a quotation mark can change the state: the characters between two marks
    take the state of the first one in one step.
    """
    inside: list[bool] = []
    depth = 0
    straight_open = False
    done = start
    for mark in _ANY_QUOTE.finditer(text, start, end):
        i = mark.start()
        inside.extend([depth > 0 or straight_open] * (i - done))
        done = i + 1
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if ch in _OPEN_QUOTES and (before.isspace() or before in "([—–-:,"):
            depth += 1
        elif ch in _CLOSE_QUOTES and depth and not (after.isalpha() and before.isalpha()):
            inside.append(True)
            depth -= 1
            continue
        elif ch == '"':
            straight_open = not straight_open
        elif ch == "'" and not (before.isalpha() and after.isalpha()):
            if before.isspace() or before in "(:":
                depth += 1
            elif depth:
                inside.append(True)
                depth -= 1
                continue
        inside.append(depth > 0 or straight_open)
    inside.extend([depth > 0 or straight_open] * (end - done))
    return inside


def _mostly_quoted(inside: list[bool], start: int, end: int) -> bool:
    chars = inside[start:end]
    return bool(chars) and sum(chars) > 0.8 * len(chars)
