"""What the words around a time expression say: the clause's tense, quotations.

These are text readings, not calendar maths: they tell the resolver whether
"Sunday" lies before or after the anchor, and which anchor applies (the
publication date, or the day a quotation was said).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import regex

from extract.temporal.lexicon import load_lexicon, lower_aligned
from extract.temporal.resolve import FUTURE, OCCURRED, PAST, PRESENT, PROSPECTIVE

# The mark comes first so that the look-behind for abbreviations runs only at a mark; a mark
# followed by a lower-case word or a bracket ends no sentence ("at 10:35 a.m. (0735 GMT) Friday").
_SENTENCE_END = regex.compile(r"[.!?](?<!\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
                              r"U\.S|No|Gen|Col|Lt|Sen|Rep|Gov|Inc|Corp|Co|Ltd|vs?)\.)(?=\s)(?![ \t]+[a-z(])|\n")
#: A word in -ed: a past tense only when no stronger cue is near.
SUFFIX_PAST = "suffix-past"
#: A past act of deciding or agreeing ("agreed to"): a plan reported in the past for a time
#: expression after it, a past tense for one before it (which dates the act itself).
DECISION = "decision"
_PRESENT_CUES = ("is", "are", "am", "says", "has", "have", "does", "do", "remains", "continues")
#: A schedule verb in its bare form ("schools reopen on Monday"): future with a plural subject, but
#: nothing after "to", "did", a modal or an article ("due to expire", "did not reopen", "the close").
_BARE_SCHEDULE = "bare-schedule"
#: A schedule verb that is also an adjective ("polls open Tuesday", "markets stayed open"): future
#: only right after a word in -s.
_ADJECTIVE_SCHEDULE = "adjective-schedule"
_BEFORE_AN_INFINITIVE = frozenset({"to", "did", "didn't", "does", "doesn't", "do", "don't", "not", "never",
                                   # and before an adjective ("was open", "kept the road open")
                                   "is", "are", "was", "were", "been", "kept", "keep", "keeps", "left", "wide",
                                   "still", "remained"})


#: Group name of the prepositions that open a deadline ("until", "through").
_DEADLINE = "deadline"
#: Group names: the preposition of an effect's first day ("from"); an event called for a day
#: ("a strike for"); a report on a period ("figures for").
_ONSET, _SCHEDULED, _REPORTED = "onset", "scheduled", "reported"
#: Group name of "since" right before a time: what follows has come.
_SINCE = "since"

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
#: Words after which a participle is passive or an adjective, no past tense: "will be held", "to meet",
#: "will stay closed", "remains shut".
_PASSIVE_WORDS = frozenset({"be", "being", "to", "stay", "stays", "remain", "remains", "become", "becomes",
                            "get", "gets", "seem", "seems"})
_PERFECT_WORDS = frozenset({"had"})
#: A past "be" before a future cue of two words ("was due to", "were going to"): a plan reported in the past.
_PAST_BE = frozenset({"was", "were"})
#: After an article a past form is a noun or an adjective, no verb: "a set of rules", "the hit", "the injured".
_ARTICLES = frozenset({"a", "an", "the"})
_HAVE = frozenset({"has", "have"})
#: A present auxiliary before a plan ("is set for", "are planned for"): the plan still stands, so it lies ahead.
_PRESENT_AUX = frozenset({"is", "are", "am"})
#: Modals: the verb after one is a bare infinitive, so "will hit", "could cut" are no past tense.
_MODALS = frozenset({"will", "would", "shall", "should", "may", "might", "must", "could", "can", "cannot",
                     "won't", "wouldn't", "shouldn't", "mustn't", "couldn't", "can't"})
#: Adverbs that may stand between a modal and its verb ("will also hit", "could not cut").
_MODAL_ADVERBS = frozenset({"not", "also", "still", "then", "soon", "probably", "likely", "never", "again",
                            "only", "just", "now", "even", "first", "finally"})


#: "May" with a capital inside a sentence: the month or a name ("sales in May rose", "Theresa May said").
_CAPITAL_MAY = re.compile(r"(?<=[^\s.!?\"'“‘`(\[:;—-])\s+(May)\b")


def _without_capital_may(text: str, lower: str) -> str:
    """``lower`` with every capitalised "May" inside a sentence made unreadable as a cue: the modal is
    written "may" there, so "Sales in May rose from April" reads no future in "May"."""
    if "May" not in text:
        return lower
    spans = [match.start(1) for match in _CAPITAL_MAY.finditer(text)]
    if not spans:
        return lower
    chars = list(lower)
    for start in spans:
        chars[start + 1] = "_"  # "m_y": no word of the cue lists, and the same length
    return "".join(chars)


#: The groups of :func:`_governing`: each a group name and the cue list its words come from.
_PREPOSITION_GROUPS = ((FUTURE, "future_prepositions"), (PROSPECTIVE, "prospective_prepositions"),
                       (_DEADLINE, "deadline_prepositions"), (_ONSET, "onset_prepositions"),
                       (_SINCE, "since_prepositions"))
#: Groups whose words are nouns followed by "for" ("a strike for", "figures for").
_NOUN_FOR_GROUPS = ((_SCHEDULED, "scheduled_event_nouns"), (_REPORTED, "reporting_nouns"))


@functools.lru_cache(maxsize=1)
def _governing() -> re.Pattern:
    """Words right before a time expression (optionally with "the") that set its tense themselves,
    one named group per list of ``_PREPOSITION_GROUPS`` and ``_NOUN_FOR_GROUPS``: "ahead of the
    weekend" (future), "effective Feb. 1" (prospective), "until Tuesday" (a deadline: only tempers
    a past reading), "from Monday" (an onset), "since Friday", "a strike for Tuesday" (scheduled),
    "figures for April" (reported)."""
    lexicon = load_lexicon()

    def alternation(name: str) -> str:
        cues = sorted(lexicon.cues(name), key=len, reverse=True)
        return "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)

    groups = [rf"(?P<{group}>{alternation(name)})" for group, name in _PREPOSITION_GROUPS]
    groups += [rf"(?P<{group}>(?:{alternation(name)})\s+for)" for group, name in _NOUN_FOR_GROUPS]
    return re.compile(rf"\b(?:{'|'.join(groups)}),?\s+(?:the\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _governing_last_words() -> frozenset[str]:
    """The words that end a governing cue ("of" of "ahead of", "for" of "a strike for")."""
    lexicon = load_lexicon()
    return frozenset({cue.lower().split()[-1] for _, name in _PREPOSITION_GROUPS for cue in lexicon.cues(name)}
                     | {"for"})


@functools.lru_cache(maxsize=1)
def _past_event_after() -> re.Pattern:
    """A past event or a report right after a date ("the Oct. 7 attack", "the Feb. 24 Russian
    invasion", "the April inflation figures"): up to two words that are no function words, then a
    word of ``past_event_nouns`` or ``reporting_nouns``."""
    lexicon = load_lexicon()
    cues = (*lexicon.cues("past_event_nouns"), *lexicon.cues("reporting_nouns"))
    nouns = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    between = (r"(?:(?!(?:on|the|of|to|for|and|or|in|at|by|a|an|with|from|was|were|is|are|will|would|has|had|"
               r"have|be|been|that|which|who)\b)[\w.’'-]+\s+){0,2}")
    return re.compile(rf"\s+{between}(?:{nouns})\b(?![’'-])", re.IGNORECASE)


#: A determiner right before a date used as a noun modifier, with an adjective perhaps ("the Oct. 7
#: attack", "the deadly Oct. 7 attack", "Hamas's Oct. 7 attack").
_THE_BEFORE = re.compile(r"(?:\b[Tt]he|\w[’']s)(?:\s+[a-z]+)?\s+$")


@functools.lru_cache(maxsize=3)
def _before_from(name: str) -> re.Pattern:
    """A word of the cue list ``name`` before an onset preposition: at most three words before it
    ("unchanged on the week from", ``comparison_before_from``), with an amount among them ("up 2%
    from", ``amount_before_from``), or right before it ("figures from", ``source_before_from``)."""
    words = "|".join(re.escape(c).replace(r"\ ", r"\s+")
                     for c in sorted(load_lexicon().cues(name), key=len, reverse=True))
    reach = {"comparison_before_from": r"(?:\s+[^\s.;:!?]+){0,3}",
             "amount_before_from": r"(?=[^.;:!?]*?\d)(?:\s+[^\s;:!?]+){1,3}"}.get(name, "")
    return re.compile(rf"\b(?:{words})\b{reach}\s+$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _lasting_words() -> frozenset[str]:
    return frozenset(" ".join(cue.lower().split()) for cue in load_lexicon().cues("lasting_prepositions"))


def _lasting(preposition: str) -> bool:
    """Whether a deadline preposition says a present state lasts until the time ("until", not
    "through": "figures through March show" reports a period that has ended)."""
    return " ".join(preposition.lower().split()) in _lasting_words()


@functools.lru_cache(maxsize=1)
def _cue_words() -> tuple[dict, dict, frozenset, frozenset]:
    """Cue words and two-word cues -> tense, the first words of two-word cues, and the -ed words
    that are no verbs."""
    lexicon = load_lexicon()
    singles: dict[str, str] = {}
    pairs: dict[tuple[str, str], str] = {}
    for kind, name in ((FUTURE, "future_cues"), (PAST, "past_cues"), (PROSPECTIVE, "prospective_cues"),
                       (DECISION, "decision_cues"), (FUTURE, "schedule_cues"),
                       (_BARE_SCHEDULE, "plural_schedule_cues"),
                       (_ADJECTIVE_SCHEDULE, "plural_schedule_adjectives")):
        for cue in lexicon.cues(name):
            words = cue.lower().replace("’", "'").split()
            if len(words) == 1:
                singles[words[0]] = kind
            else:
                pairs[(words[0], words[1])] = kind
    for cue in (*_PRESENT_CUES, *lexicon.cues("present_cues")):
        singles.setdefault(cue, PRESENT)
    skip = frozenset(w.lower() for w in lexicon.cues("non_past_ed"))
    return singles, pairs, frozenset(first for first, _ in pairs), skip


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or headline, bullet, paragraph line) around ``text[start:end]``."""
    left = 0
    for match in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        left = match.end()
    found = _SENTENCE_END.search(text, end, min(len(text), end + 400))
    right = found.end() if found else min(len(text), end + 400)
    return left, right


class TenseReader:
    """Reads the tense of the clauses of one text.

    Sentence ends are found once, and only as far into the text as a question
    needs them; the cue words are read only where a question needs them (before
    the expression, and after it only when nothing before decides).
    """

    def __init__(self, text: str):
        self.text = text
        self.lower = _without_capital_may(text, lower_aligned(text))
        self._found_ends: list[int] = []
        self._unread_ends = None  # the scan for sentence ends, read on as far as needed
        self._quotes: list[Quote] | None = None
        self._quote_ends: list[int] = []

    @property
    def quotes(self) -> list[Quote]:
        """The quotations of the text (found once)."""
        if self._quotes is None:
            self._quotes = find_quotes(self.text)
            self._quote_ends = [quote.end for quote in self._quotes]
        return self._quotes

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``text[start:end]``, cut at quotation marks.

        Words inside a quotation speak for the quotation, words outside it for
        the reporting clause: "'We will not stop,' Cuba predicted Wednesday"
        reads "predicted", not "will".
        """
        left, right = self.sentence(start, end)
        quotes = self.quotes
        index = bisect.bisect_right(self._quote_ends, left)  # the first quotation ending inside the sentence
        for quote in quotes[index:]:
            if quote.start >= right:
                break
            if quote.start <= start and end <= quote.end:
                return max(left, quote.start), min(right, quote.end)
            if quote.end <= start:
                left = max(left, quote.end)
            elif quote.start >= end:
                right = min(right, quote.start)
                break
        return left, right

    def _ends_through(self, position: int) -> list[int]:
        """The sentence ends found so far, read on to the first one at or after ``position`` (if any)."""
        ends = self._found_ends
        if ends and ends[-1] >= position:
            return ends
        if self._unread_ends is None:
            self._unread_ends = _SENTENCE_END.finditer(self.text)
        for match in self._unread_ends:
            ends.append(match.end())
            if ends[-1] >= position:
                break
        return ends

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        ends = self._ends_through(max(start, end))
        index = bisect.bisect_right(ends, start)
        left = ends[index - 1] if index else 0
        right_index = bisect.bisect_left(ends, end)
        right = ends[right_index] if right_index < len(ends) else len(self.text)
        return left, right

    def _sentence_cues(self, left: int, right: int) -> list[str]:
        """The tense cues of ``text[left:right]`` in order (a two-word cue counts once)."""
        singles, pairs, pair_firsts, skip = _cue_words()
        cues: list[str] = []
        previous = previous2 = ""
        cue_at_previous = False  # whether the last cue is the previous word's own
        pair_at_previous = None  # the kind of a two-word cue that ended at the previous word
        for word in _TOKEN.findall(self.lower, left, right):
            cue_here = False
            pair = pairs.get((previous, word)) if previous in pair_firsts else None
            if pair is FUTURE and (previous2 in _PERFECT_WORDS or previous2 == "been"):
                pair = PAST  # "had been due to": a plan that lies in the past
            elif pair is FUTURE and (previous2 in _PAST_BE or pair_at_previous is PROSPECTIVE):
                pair = PROSPECTIVE  # "was due to (be)", "were going to": a plan reported in the past
            elif pair is PROSPECTIVE and previous2 in _PRESENT_AUX:
                pair = FUTURE  # "is set for": a schedule that stands
            pair_at_previous = pair
            if pair is not None:
                if cue_at_previous:
                    cues.pop()
                cues.append(pair)
            else:
                kind = singles.get(word)
                if kind is None:
                    if not (word.endswith("ed") and len(word) > 4 and word not in skip and not word.endswith("eed")):
                        previous2, previous, cue_at_previous = previous, word, False  # no cue: most words
                        continue
                    kind = SUFFIX_PAST
                if kind in (PAST, SUFFIX_PAST) and (previous in _MODALS or previous in _ARTICLES or (
                        previous in _MODAL_ADVERBS and previous2 in _MODALS)):
                    kind = None  # "will hit", "could also cut": a bare infinitive after a modal; "a set of"
                if kind == _ADJECTIVE_SCHEDULE:
                    plural = previous.endswith("s") and not previous.endswith(("ss", "'s"))
                    kind = _BARE_SCHEDULE if plural else None
                if kind == _BARE_SCHEDULE:
                    kind = None if (previous in _BEFORE_AN_INFINITIVE or previous in _MODALS or previous in _ARTICLES
                                    or previous in _PASSIVE_WORDS or previous in _MODAL_ADVERBS) else FUTURE
                if kind in (PAST, SUFFIX_PAST) and previous in _PRESENT_AUX:
                    kind = None  # "the case is heard", "shops are closed": a participle after a present "be"
                if kind is not None:
                    if kind is not FUTURE and previous in _PASSIVE_WORDS:
                        kind = PRESENT if kind is PRESENT else None  # "will be held", "to meet": no past tense
                    elif kind is FUTURE and (previous in _PERFECT_WORDS or previous2 in _PERFECT_WORDS):
                        kind = PAST  # "had been scheduled to": a plan that lies in the past
                    elif kind is PROSPECTIVE and previous in _PRESENT_AUX:
                        kind = FUTURE  # "the vote is planned for Tuesday": a plan that stands
                if kind in (PAST, SUFFIX_PAST) and previous in _HAVE and cue_at_previous:
                    cues[-1] = PAST  # "has fluctuated": a present perfect
                elif kind is not None:
                    cues.append(kind)
                    cue_here = True
            previous2, previous, cue_at_previous = previous, word, cue_here
        return cues

    def adjacent_tense(self, start: int, end: int) -> str | None:
        """The tense the words right next to ``text[start:end]`` give it: "was soon released" and
        "soon became" are past, "will soon resume" is future, "aid was coming soon" neither (a
        backshifted report whose own verb is not next to the expression)."""
        left, right = self.sentence(start, end)
        before = list(_TOKEN.finditer(self.lower, max(left, start - 30), start))[-2:]
        after = _TOKEN.search(self.lower, end, min(right, end + 20))
        cues = []
        if before:
            # The word right before, read with the one before it ("be applied soon" is a passive,
            # "will hit soon" an infinitive): its cue is the one the pair adds to the first word's.
            with_pair = self._sentence_cues(before[0].start(), start)
            first = self._sentence_cues(before[0].start(), before[0].end()) if len(before) == 2 else []
            if with_pair != first:
                cues.append(with_pair[-1])
        if after:
            cues += self._sentence_cues(after.start(), after.end())
        if PAST in cues or SUFFIX_PAST in cues:
            return PAST
        return FUTURE if FUTURE in cues else None

    def tense(self, start: int, end: int, day: bool = False) -> str | None:
        """The tense of the clause holding ``text[start:end]``.

        The nearest cue before the expression decides (in news the verb usually
        comes first: "troops advanced Tuesday", "will meet on Sunday"); with none
        before it, the nearest cue after it ("On Friday, the government planned ...").
        Before the expression, words in -ed are weaker cues than auxiliaries and
        listed verbs ("unspecified" is no verb); after it, the first cue decides.
        The clause ends at quotation marks; a clause without any verb takes the
        last cue of the sentence before. A possessive ("Wednesday's ruling") names
        a day already past; "ahead of" or "effective" right before the expression
        decides alone, and so does an event called for a day ("a strike for Tuesday": ahead) or a
        report on a period ("figures for April": the latest April up to publication), and so does
        "since" ("since Friday, 40 people have died": the Friday that has come); "the" before
        and a past event after ("the Oct. 7 attack") name a day that has come; "until" or "through"
        right before it turns a past reading into the nearest one (a deadline set in the past may
        fall after publication); "from" before a ``day`` outside a past clause is the first day of
        an effect, still ahead ("the ban applies from Monday").
        """
        governing = self._governing(start)
        if self.text[end:end + 2] in ("'s", "’s"):
            # "ahead of Friday's jobs report": the day still ahead; else a day already past.
            return FUTURE if governing and governing.group(FUTURE) else PAST
        if governing and (governing.group(FUTURE) or governing.group(_SCHEDULED)):
            return FUTURE  # "ahead of the weekend", "called a strike for Tuesday"
        if governing and governing.group(PROSPECTIVE):
            return PROSPECTIVE
        if governing and (governing.group(_REPORTED) or governing.group(_SINCE)):
            return OCCURRED  # "figures for April", "since Friday": a day or period that has come
        if _THE_BEFORE.search(self.text, max(0, start - 24), start) and _past_event_after().match(self.text, end):
            return OCCURRED  # "since the Oct. 7 attack": an event that has happened
        tense = self._clause_tense(start, end)
        if governing and governing.group(_ONSET):
            # "the ban applies from Monday": the first day of an effect, ahead unless the clause is past;
            # only a day, and no comparison or source ("up 2% from Friday", "footage from Monday").
            onset = governing.start(_ONSET)
            if (_before_from("comparison_before_from").search(self.text, max(0, onset - 30), onset)
                    or _before_from("amount_before_from").search(self.text, max(0, onset - 30), onset)):
                return PAST  # "shares are up 2% from Friday": compared with a day already past
            if tense == PAST or not day or _before_from("source_before_from").search(self.text, max(0, onset - 20), onset):
                return tense
            return FUTURE
        if governing and tense == PAST:
            return PROSPECTIVE  # "extended the deadline until Tuesday": set in the past, due whenever
        if governing and tense in (None, PRESENT) and _lasting(governing.group(_DEADLINE)):
            return FUTURE  # "the ban lasts until March", "he has until Monday": a state that lasts till then
        return tense

    def _governing(self, start: int):
        """The governing words right before ``text[start:]`` (see :func:`_governing`), if any; the
        pattern runs only when the last word before (past a "the") can end such words."""
        words = _TOKEN.findall(self.lower, max(0, start - 25), start)
        if words and words[-1] == "the":
            words.pop()
        if not words or words[-1] not in _governing_last_words():
            return None
        return _governing().search(self.text, max(0, start - 25), start)

    def _clause_tense(self, start: int, end: int) -> str | None:
        left, right = self._clause(start, end)
        before = weak_before = None
        # A relative clause speaks for itself: in "doctors will strike ..., the NHS, which turned 75
        # in July," the verbs of the main clause say nothing of "July".
        cue_left = left
        lower = self.lower
        lowest = max(left, start - 120)
        at = lower.rfind(", wh", lowest, start)
        while at != -1:
            relative = _RELATIVE.match(lower, at, start)
            if relative is not None:
                cue_left = relative.end()
                break
            at = lower.rfind(", wh", lowest, at)
        for kind in self._sentence_cues(cue_left, start):
            if kind == SUFFIX_PAST:
                weak_before = PAST
            else:
                before = PROSPECTIVE if kind == DECISION else kind
        if before:
            return before
        if weak_before:
            return weak_before
        if _reported_after(self.text, left, start, end, right):
            return None  # "Talks resume on Thursday, a spokesman said": the report's verb dates the report
        for kind in self._sentence_cues(end, right):
            # After it, the first verb is the clause's own; an act of deciding that follows the
            # expression is dated by it ("On Friday, the government planned to pay"): past.
            return PAST if kind in (SUFFIX_PAST, DECISION) else kind
        sentence_left, _ = self.sentence(start, end)
        if sentence_left > 0:  # no verb at all ("... in June from $29.75 in March."): the sentence before speaks
            previous_left, _ = self.sentence(sentence_left - 1, sentence_left - 1)
            for kind in reversed(self._sentence_cues(previous_left, sentence_left)):
                return PAST if kind == SUFFIX_PAST else PROSPECTIVE if kind == DECISION else kind
        return None


#: The opening of a relative clause set off by a comma (", which", ", who").
_RELATIVE = re.compile(r", (?:which|who|whose|whom) ")


@functools.lru_cache(maxsize=1)
def _reporting_clause() -> re.Pattern:
    """The rest of a clause that is only a trailing attribution: ", a spokesman said", ", officials
    told Reuters", ", he added" (a few words, a speech verb, at most three words, the sentence's
    end). Not a main clause after a fronted time ("At the close Thursday, the firms said 1,580
    shares had been tendered"), where the verb goes on to what was said."""
    cues = load_lexicon().cues("speech_verbs")
    alternation = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"[^,;:.!?]{{0,40}},\s+(?:[\w.’'-]+\s+){{0,4}}(?:{alternation})\b"
                      rf"(?:\s+[\w’'-]+){{0,3}}\s*(?:[.;!?\"”]|$)", re.IGNORECASE)


#: A clause that opens with one of these opens with an adverbial ("On Thursday, the ministry said."):
#: the time there dates the main clause, the report itself.
_FRONTED = re.compile(r"\W*(?:on|at|in|late|early|earlier|later|by|since|from|during|until|after|before|"
                      r"overnight|then|and|but)\b", re.IGNORECASE)


_A_WORD = re.compile(r"\w")


def _reported_after(text: str, left: int, start: int, end: int, right: int) -> bool:
    """Whether all the clause (from ``left``) has after ``text[:end]`` is a trailing attribution
    (", a spokesman said"): its verb dates the report, not what is reported, so it says nothing
    of the tense. Not when the clause opens with the time or an adverbial: "On Thursday, the
    ministry said."."""
    return (_reporting_clause().match(text, end, right) is not None and _FRONTED.match(text, left) is None
            and _A_WORD.search(text, left, start) is not None)


def clause_tense(text: str, start: int, end: int) -> str | None:
    """The tense of the clause holding ``text[start:end]`` (see :meth:`TenseReader.tense`)."""
    return TenseReader(text).tense(start, end)


@dataclass(frozen=True)
class Quote:
    start: int  # offset of the opening mark
    end: int  # offset after the closing mark (or the end of the paragraph)
    closed: bool
    continues: bool  # a paragraph that carries on the previous, unclosed quotation


#: Opening mark -> closing mark; ``...'' is the typewriter convention of wire copy.
_OPEN_CLOSE = {"“": "”", "‘": "’", '"': '"', "'": "'", "``": "''"}
#: An opening mark (``, “, ‘, " or ') not right after a letter, digit or backquote, before a non-blank.
#: The pattern starts with the mark so that the engine skips from mark to mark in C; the look-behind
#: then checks the character before it, and a backquote counts only doubled.
_OPENERS = re.compile("[`“‘\"'](?<![A-Za-z0-9`].)(?:(?<=`)`|(?<!`))(?=\\S)")


def _closing(text: str, opener: int, closer: str, paragraph_end: int) -> int | None:
    """Offset after the mark that closes the quotation opened at ``opener``, if it closes in its paragraph."""
    j = opener + 1
    width = len(closer)
    while True:
        k = text.find(closer, j, paragraph_end)
        if k == -1:
            return None
        if (k + width >= len(text) or not text[k + width].isalpha()) and text[k - 1] not in " \t":
            return k + width
        j = k + 1


def find_quotes(text: str) -> list[Quote]:
    """Quotations of ``text``: curly or straight, double or single, closed or running to the paragraph end.

    A paragraph that opens with a quotation mark right after a paragraph whose
    quotation never closed carries that quotation on (the British convention).
    """
    quotes: list[Quote] = []
    resume = 0
    previous_open_ended = False
    for match in _OPENERS.finditer(text):
        i, after = match.start(), match.end()
        if i < resume:
            continue
        if (i > 0 and text[i - 1].isalnum()) or after >= len(text) or text[after].isspace():
            continue
        paragraph_end = text.find("\n", i)
        if paragraph_end == -1:
            paragraph_end = len(text)
        line_start = text.rfind("\n", 0, i) + 1
        continues = previous_open_ended and not text[line_start:i].strip()
        end = _closing(text, i, _OPEN_CLOSE[match.group(0)], paragraph_end)
        if end is None:
            quotes.append(Quote(i, paragraph_end, closed=False, continues=continues))
            previous_open_ended = True
            resume = paragraph_end
        else:
            quotes.append(Quote(i, end, closed=True, continues=continues))
            previous_open_ended = False
            resume = end
    return quotes


@functools.lru_cache(maxsize=1)
def speech_pattern():
    """A verb of saying (``speech_verbs``), as a word."""
    return _speech_pattern()


@functools.lru_cache(maxsize=1)
def _speech_pattern():
    cues = load_lexicon().cues("speech_verbs")
    alternation = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


def quote_frames(reader: TenseReader, quote: Quote) -> tuple[tuple[int, int], ...]:
    """The stretches of text that introduce or attribute ``quote`` with a speech verb."""
    text = reader.text
    frames = []
    left, _ = reader.sentence(quote.start, quote.start + 1)
    before = (left, quote.start)
    if _speech_pattern().search(text, *before):
        frames.append(before)
    if quote.closed:
        _, right = reader.sentence(quote.end, quote.end)
        after = (quote.end, right)
        if _speech_pattern().search(text, *after):
            frames.append(after)
    return tuple(frames)
