"""Categories, modality, actors and places: every example in the data files is run."""

from __future__ import annotations

import pytest

from extract import classify
from extract.datafiles import load
from extract.records import MODALITIES

TAXONOMY = load("taxonomy.yaml")
MODALITY = load("modality.yaml")
ACTORS = load("actors.yaml")
PLACES = load("places.yaml")

ISSUE_CATEGORIES = [
    "troop_movement", "military_exercise", "talks", "statement", "cyberattack",
    "weapons_aid", "sanctions", "armed_attack", "other",
]


def test_taxonomy_has_exactly_the_category_ids_of_the_issue():
    assert sorted(classify.category_ids()) == sorted(ISSUE_CATEGORIES)


@pytest.mark.parametrize("entry", TAXONOMY["categories"], ids=[c["id"] for c in TAXONOMY["categories"]])
def test_every_category_maps_to_cameo_and_acled_lists(entry):
    assert isinstance(entry["cameo"], list) and all(len(code) == 2 and code.isdigit() for code in entry["cameo"])
    assert isinstance(entry["acled"], list)
    assert entry["examples"] or entry["id"] == "other"


def test_categories_with_a_cameo_class_have_one():
    cameo = {c["id"]: c["cameo"] for c in TAXONOMY["categories"]}
    assert cameo["cyberattack"] == []  # no scheme has one: that is why the category exists
    for category in ("talks", "statement", "sanctions", "armed_attack", "weapons_aid", "troop_movement"):
        assert cameo[category]


@pytest.mark.parametrize(
    ("category", "clause", "modality"),
    [(c["id"], text, modality) for c in TAXONOMY["categories"] for text, modality in c["examples"]],
    ids=[f"{c['id']}: {text[:40]}" for c in TAXONOMY["categories"] for text, _ in c["examples"]],
)
def test_every_taxonomy_example_gets_its_category_and_modality(category, clause, modality):
    found = classify.classify(clause)
    assert (found[0].category, found[0].modality) == (category, modality), found


@pytest.mark.parametrize(("clause", "modality"), MODALITY["examples"], ids=[c[:40] for c, _ in MODALITY["examples"]])
def test_every_modality_example_gets_its_modality(clause, modality):
    assert modality in MODALITIES
    assert classify.modality_of(clause) == modality


@pytest.mark.parametrize(("sentence", "expected"), ACTORS["examples"], ids=[s[:40] for s, _ in ACTORS["examples"]])
def test_every_actor_example_yields_its_actors(sentence, expected):
    assert classify.actors(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), PLACES["examples"], ids=[s[:40] for s, _ in PLACES["examples"]])
def test_every_place_example_yields_its_places(sentence, expected):
    assert classify.places(sentence) == expected


@pytest.mark.parametrize(
    "mention", ["Putin", "Vladimir Putin", "President Putin", "President Vladimir Putin", "Mr Putin"],
)
def test_aliases_of_a_person_merge_into_one_name(mention):
    assert classify.actors(f"{mention} spoke on Tuesday.") == ["Vladimir Putin"]


def test_an_unknown_person_met_in_full_is_the_same_person_by_surname():
    people = classify.surnames(["Jane Doe"])
    assert classify.actors("Ms Doe said the talks had failed.", people=people) == ["Jane Doe"]


@pytest.mark.parametrize(
    ("text", "actors"),
    [("US troops moved", ["American armed forces"]), ("American troops moved", ["American armed forces"]),
     ("Britain's army moved", ["British armed forces"])],
)
def test_armed_forces_are_named_by_their_country_whatever_the_wording(text, actors):
    assert classify.actors(text) == actors


def test_a_country_after_a_preposition_is_a_place_not_an_actor():
    text = "Russia sent troops into Ukraine."
    assert classify.actors(text) == ["Russia"]
    assert classify.places(text) == ["Ukraine"]


def test_two_clauses_of_one_sentence_are_two_events():
    sentence = "Russian forces shelled Kharkiv on Monday, and the European Union imposed new sanctions on Moscow on Tuesday."
    found = [classify.classify(sentence[s:e])[0].category for s, e in classify.clauses(sentence)]
    assert found == ["armed_attack", "sanctions"]


def test_an_event_before_a_preposed_reporting_verb_is_an_event_and_the_speech_a_statement():
    found = classify.classify("After a Cobra meeting yesterday, Boris Johnson said: ‘The intelligence is not encouraging.’")
    assert [f.category for f in found] == ["talks", "statement"]


def test_a_realis_event_reported_by_someone_is_reported():
    (found,) = classify.classify("Kyiv said Russian forces had shelled two villages.")
    assert (found.category, found.modality) == ("armed_attack", "reported")


def test_irrealis_content_of_a_speech_leaves_a_statement():
    (found,) = classify.classify("Joe Biden said an invasion of Ukraine remains distinctly possible.")
    assert found.category == "statement"


def test_a_clause_without_any_trigger_is_no_event():
    assert classify.classify("The West is united and galvanised.") == []


@pytest.mark.parametrize(
    ("clause", "tense"),
    [("They will bolster the force", "future"), ("Leaders have urged Russia", "perfect"),
     ("The clips appeared stage-managed but a spokesman said troops had left", "past"), ("Troops are massing", "present")],
)
def test_tense_is_read_from_the_first_verb_group(clause, tense):
    assert classify.tense(clause) == tense
