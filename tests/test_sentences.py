"""Paragraphs and sentences keep their offsets, kinds and quote state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract import sentences
from extract.clean import clean
from extract.datafiles import load

LAYOUT = load("layout.yaml")
SAMPLE = (Path(__file__).parents[1] / "extract/data/samples/putin-playing-at-peace.txt").read_text(encoding="utf-8")


def test_every_sentence_of_the_sample_is_its_own_slice_of_the_text():
    masked, _ = clean(SAMPLE)
    found = sentences.split(masked)
    assert len(found) > 50
    for sent in found:
        assert SAMPLE[sent.start : sent.end] == sent.text
        assert sent.text == sent.text.strip()
    assert [s.start for s in found] == sorted(s.start for s in found)


def test_sample_layout_title_headline_bullets_caption_body():
    masked, _ = clean(SAMPLE)
    found = sentences.split(masked)

    def kind(opening: str) -> str:
        return next(s.kind for s in found if s.text.startswith(opening))

    assert kind("Fears Putin is just playing at peace with") == "title"
    assert kind("Fears Putin is just playing at peace:") == "headline"
    assert kind("More Russian troops were seen advancing") == "bullet"
    assert kind("A Ukrainian serviceman fires an NLAW") == "caption"
    assert kind("German Chancellor Olaf Scholz (right)") == "caption"
    assert kind("Troops in Ukraine fired anti-tank weapons") == "body"


def test_bullet_markers_are_not_part_of_the_sentence():
    text = "Title\n\n  • Troops moved on Monday\n  • Talks began on Tuesday\n"
    found = sentences.split(text)
    assert [s.text for s in found if s.kind == "bullet"] == ["Troops moved on Monday", "Talks began on Tuesday"]


@pytest.mark.parametrize("line", LAYOUT["bullet_examples"])
def test_bullet_examples_are_bullets(line):
    assert re.match(LAYOUT["bullet"], line)


@pytest.mark.parametrize(
    ("cue", "text"),
    [(cue["pattern"], text) for cue in LAYOUT["caption_cues"] for text in cue["examples"]],
)
def test_caption_examples_are_captions(cue, text):
    (para,) = sentences.paragraphs("Body first.\n\n" + text)[1:]
    assert para.kind == "caption"


@pytest.mark.parametrize(
    "text", [text for cue in LAYOUT["caption_cues"] for text in cue["keep"]],
)
def test_body_text_is_not_taken_for_a_caption(text):
    (para,) = sentences.paragraphs("Body first.\n\n" + text)[1:]
    assert para.kind != "caption"


@pytest.mark.parametrize("sentence", LAYOUT["abbreviation_examples"])
def test_abbreviations_do_not_end_a_sentence(sentence):
    assert [s.text for s in sentences.split(sentence)] == [sentence]


def test_sentences_split_at_stops_and_keep_closing_quotes():
    text = "He said: ‘We are ready.’ Troops moved on Monday. Did talks fail? Yes."
    assert [s.text for s in sentences.split(text)] == [
        "He said: ‘We are ready.’", "Troops moved on Monday.", "Did talks fail?", "Yes.",
    ]


def test_an_ellipsis_inside_a_sentence_does_not_split_it():
    assert len(sentences.split("‘Putin… is obsessed with Ukraine.")) == 1


def test_hard_wrapped_paragraphs_are_joined():
    text = "Troops moved towards the border on Monday as\nthe talks in Geneva continued without any\nsign of progress, officials said.\n\nNext paragraph here."
    paras = sentences.paragraphs(text)
    assert len(paras) == 2
    assert text[paras[0].start : paras[0].end].endswith("officials said.")


def test_sentences_inside_quotation_marks_are_marked_quoted():
    text = "Last night a source said: ‘We have seen no evidence. Russia is reinforcing its positions.’"
    first, second = sentences.split(text)
    assert not first.quoted and second.quoted


def test_apostrophes_do_not_open_quotations():
    (sent,) = sentences.split("Russia’s troops moved to Ukraine’s border on Monday.")
    assert not sent.quoted
