"""The events of the sample article (issue 3's acceptance) and of the golden articles."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from extract import Event, extract_events, read_articles
from extract.ingest import from_text, parse_date
from extract.pipeline import article_events

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "articles"
SAMPLE = HERE.parent / "extract" / "data" / "samples" / "putin-playing-at-peace.txt"
CASES = yaml.safe_load((GOLDEN / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_events() -> list[Event]:
    return extract_events(read_articles([SAMPLE], published=dt.date(2022, 2, 16)))


def _day(event: Event) -> str | None:
    return event.to_dict()["start"][:10] if event.start else None


def _find(events, category, day=None, contains=None, actors=()):
    return [
        e for e in events
        if e.category == category
        and (day is None or _day(e) == day)
        and (contains is None or any(contains in s.sentence for s in e.sources))
        and set(actors) <= set(e.actors)
    ]


# -- the sample article ------------------------------------------------------------------------


def test_sample_troops_advancing_towards_the_border_are_a_troop_movement_of_feb_15(sample_events):
    assert _find(sample_events, "troop_movement", "2022-02-15", "advancing towards")


@pytest.mark.parametrize("fragment", ["loaded onto trains", "permanent bases"], ids=["trains", "bases"])
def test_sample_withdrawals_are_troop_movements_of_feb_15(sample_events, fragment):
    assert _find(sample_events, "troop_movement", "2022-02-15", fragment)


def test_sample_putin_scholz_talks_are_one_talks_event_of_feb_15(sample_events):
    talks = _find(sample_events, "talks", "2022-02-15", "press conference", actors=["Vladimir Putin", "Olaf Scholz"])
    assert talks
    assert "Kremlin" in talks[0].places


def test_sample_biden_address_is_a_statement_of_feb_15_by_joe_biden(sample_events):
    assert _find(sample_events, "statement", "2022-02-15", "remains distinctly possible", actors=["Joe Biden"])


def test_sample_nlaw_drill_is_one_exercise_reported_by_body_and_caption(sample_events):
    drills = _find(sample_events, "military_exercise", "2022-02-15")
    assert len(drills) == 1
    kinds = {s.kind for s in drills[0].sources}
    assert {"body", "caption"} <= kinds
    assert len(drills[0].sources) >= 2
    assert "Donetsk" in drills[0].places


def test_sample_uk_nlaw_delivery_is_weapons_aid_in_january_as_a_month(sample_events):
    (aid,) = _find(sample_events, "weapons_aid", contains="2,000 NLAW")
    assert (aid.value, aid.grain) == ("2022-01", "month")
    assert aid.to_dict()["start"] == "2022-01-01" and aid.to_dict()["end"] == "2022-02-01"


def test_sample_commanders_statement_is_dated_sunday_feb_13(sample_events):
    assert _find(sample_events, "statement", "2022-02-13", "issued a statement")


def test_sample_cobra_meeting_and_johnson_remarks_are_dated_feb_15(sample_events):
    cobra = [e for e in sample_events if any("Cobra meeting" in s.sentence for s in e.sources)]
    assert cobra and all(_day(e) == "2022-02-15" for e in cobra)
    assert any("Boris Johnson" in e.actors for e in cobra)


def test_sample_cyber_attacks_on_government_websites_are_a_cyberattack_of_feb_15(sample_events):
    assert _find(sample_events, "cyberattack", "2022-02-15", "defence ministry")


def test_sample_false_flag_remark_is_speculative(sample_events):
    flagged = [e for e in sample_events if any("false flag" in s.sentence for s in e.sources)]
    assert flagged and all(e.modality == "speculative" for e in flagged)


def test_sample_putin_not_wanting_war_is_no_asserted_war_event(sample_events):
    for event in sample_events:
        if any("not want a war" in s.sentence or "‘not want a war’" in s.sentence for s in event.sources):
            assert event.category not in ("armed_attack",) or event.modality != "asserted"
    assert any(e.modality == "denied" and "Vladimir Putin" in e.actors for e in sample_events)


def test_sample_page_furniture_yields_no_event(sample_events):
    text = " ".join(s.sentence for e in sample_events for s in e.sources)
    for furniture in ("Read Full Article", "Helen Hunt", "cologne", "Previous post", "Next post"):
        assert furniture not in text


def test_sample_has_no_asserted_event_after_publication(sample_events):
    for event in sample_events:
        if event.start is not None and event.modality == "asserted":
            assert event.start.date() <= dt.date(2022, 2, 16), event


def test_every_sample_event_explains_its_date(sample_events):
    for event in sample_events:
        row = event.to_dict()
        assert row["published"] == "2022-02-16" and row["published_inferred"] is False
        assert row["rule"] and row["reason"]
        assert (row["value"] is None) == (row["time_text"] is None)


# -- golden articles ---------------------------------------------------------------------------


def _events_of(case) -> list[Event]:
    return extract_events(read_articles([GOLDEN / case["file"]], published=case.get("published")))


def _matches(event: Event, want: dict) -> bool:
    row = event.to_dict()
    for key, value in want.items():
        if key in ("actors", "places"):
            if not set(value) <= set(row[key]):
                return False
        elif key == "sources":
            if len(row["sources"]) < value:
                return False
        elif key == "sentence":
            if not any(value in s["sentence"] for s in row["sources"]):
                return False
        elif key == "start":
            if not (row["start"] or "").startswith(value):
                return False
        elif row[key] != value:
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_golden_article_yields_its_expected_events(case):
    events = _events_of(case)
    for want in case["events"]:
        assert any(_matches(e, want) for e in events), f"{case['why']}: no event like {want}"
    for category, most in (case.get("count") or {}).items():
        assert sum(e.category == category for e in events) <= most, f"too many {category} events"
    text = " ".join(s.sentence for e in events for s in e.sources)
    for furniture in case.get("absent") or []:
        assert furniture not in text


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_golden_article_has_no_asserted_event_after_its_publication(case):
    for event in _events_of(case):
        if event.start is not None and event.modality in ("asserted", "reported"):
            published = event.published if not isinstance(event.published, dt.datetime) else event.published.date()
            assert event.start.date() <= published, event


def test_golden_set_covers_at_least_ten_articles():
    assert len(CASES) >= 10


def test_golden_sudan_article_reads_no_place_from_a_sentence_starting_with_reading():
    (case,) = [c for c in CASES if c["file"] == "sudan_el_fasher.txt"]
    for event in _events_of(case):
        assert "Reading" not in event.places


# -- dating rules on short texts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "category", "value"),
    [
        ("Egypt warned that troops in the corridor could threaten its 1979 peace treaty with Israel.", "statement", None),
        ("Officials recalled the 2014 annexation of Crimea by Russian troops.", "armed_attack", "2014"),
        ("In 2017 the WannaCry ransomware infected computers at dozens of hospitals.", "cyberattack", "2017"),
    ],
)
def test_a_year_inside_a_noun_phrase_dates_only_its_noun(sentence, category, value):
    events = [e for e in extract_events(sentence + "\n", published="2024-08-18") if e.category == category]
    assert events and events[0].value == value


def test_a_plan_or_a_guess_takes_no_date_from_the_running_reference():
    text = (
        "Russian forces shelled Kharkiv overnight, officials said.\n\n"
        "Moscow may also try to encircle the town before winter, the think tank said.\n\n"
        "Ukraine is preparing to rotate exhausted units out of the sector, a spokesman told reporters.\n\n"
        "Russian troops captured a village near the town, the ministry said.\n"
    )
    events = extract_events(text, published="2024-11-19")
    by = {e.modality: e for e in events}
    assert by["speculative"].value is None and by["planned"].value is None
    assert [e.value for e in events if "captured" in e.sentence] == ["2024-11-18TNI"]


def test_a_date_in_the_cause_of_an_event_does_not_date_the_event():
    text = (
        "Hezbollah fired rockets at Israel on Tuesday, the army said.\n\n"
        "Iran has threatened to retaliate for the killing of a Hamas leader in Tehran last month.\n"
    )
    (threat,) = [e for e in extract_events(text, published="2024-08-18") if "retaliate" in e.sentence]
    assert threat.value is None


# -- event ids ----------------------------------------------------------------------------------

#: one clause, two troop movements: the frame between commas reports both sides
TWO_MOVEMENTS = (
    "Russian troops advanced towards Izium and shelled Kharkiv on Monday, officials said, "
    "as more troops moved towards Sumy.\n"
)


def _ids(text: str) -> list[tuple[str, str]]:
    article = from_text(text, published=parse_date("2024-01-10", where="test"), where="test")
    return [(e.id, e.category) for e in article_events(article)]


def test_two_events_of_one_category_in_one_clause_get_two_ids():
    found = _ids(TWO_MOVEMENTS)
    assert [category for _, category in found].count("troop_movement") == 2
    assert len({event_id for event_id, _ in found}) == len(found)


def test_event_ids_are_the_same_in_another_process():
    script = f"import json; from tests.test_events_golden import _ids; print(json.dumps(_ids({TWO_MOVEMENTS!r})))"
    env = {"PYTHONHASHSEED": "12345", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", script], cwd=HERE.parent, env=env, capture_output=True, text=True, check=True)
    assert [tuple(pair) for pair in json.loads(out.stdout)] == _ids(TWO_MOVEMENTS)


# -- one subject, two speech verbs --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "second"),
    [
        ("The Kremlin denied planning an invasion and said troops were returning to their bases.",
         ("troop_movement", "reported", "troops were returning", ["Kremlin"])),
        ("Moscow on Tuesday denied sending troops and warned Kyiv against provocations.",
         ("statement", "asserted", "warned", ["Russian government", "Ukrainian government"])),
        ("Hamas rejected the accusation and said talks in Cairo had stalled.",
         ("talks", "reported", "talks", ["Hamas"])),
    ],
)
def test_a_denial_and_a_further_statement_are_two_events_of_one_speaker(sentence, second):
    denial, other = extract_events(sentence + "\n", published="2024-01-10")
    assert (denial.category, denial.modality) == ("statement", "denied")
    assert denial.actors[0] == second[3][0]
    category, modality, trigger, actors = second
    assert (other.category, other.modality, list(other.actors)) == (category, modality, actors)
    assert f"'{trigger}'" in other.reason and "'denied'" not in other.reason
    assert other.id != denial.id


def test_a_clause_in_the_past_takes_no_future_date_from_the_rest_of_its_sentence():
    text = "The White House denied the report and said talks with Tehran would continue next week.\n"
    denial, talks = extract_events(text, published="2024-03-12")
    assert (denial.modality, denial.value) == ("denied", None)
    assert (talks.category, talks.modality, talks.value) == ("talks", "planned", "2024-W12")


# -- a lasting stance and the "since" of its beginning -------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Moscow has repeatedly denied targeting civilians since its invasion began in February 2022.",
        "Since 2014, the Kremlin has long said that the peninsula belongs to Russia.",
        "Beijing has been insisting since March 2023 that it wants a peaceful settlement.",
    ],
    ids=["repeatedly ... since a clause", "since a year ... has long said", "has been insisting since"],
)
def test_a_lasting_stance_takes_no_date_from_the_since_of_its_beginning(sentence):
    (event,) = extract_events(sentence + "\n", published="2024-06-12")
    assert event.category == "statement"
    assert event.value is None


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Moscow has repeatedly denied the reports, most recently on Monday.", "2024-06-10"),
        ("Russian forces have fired thousands of missiles at Ukraine since February 2022.", "2022-02"),
        ("Russian forces invaded Ukraine in February 2022.", "2022-02"),
    ],
    ids=["a dated instance", "no habitual verb", "no since"],
)
def test_a_date_outside_a_since_phrase_or_without_a_lasting_stance_still_dates(sentence, value):
    (event,) = extract_events(sentence + "\n", published="2024-06-12")
    assert event.value == value


# -- a second speech act takes no date from what the first one reported ---------------------------


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Russia on Monday denied that its troops had entered the town in March and said the claims were lies.",
         "2024-06-10"),
        ("Moscow denied it had attacked the port in 2019 and said the claims were a provocation.", None),
        ("Iran denied on Tuesday that it had supplied drones in 2022 and warned Washington against new sanctions.",
         "2024-06-11"),
        ("The ministry denied that troops had entered the town last week and said they would withdraw.", None),
    ],
    ids=["frame date, not content", "content year", "date after the verb", "planned, not last week"],
)
def test_a_further_speech_act_takes_no_date_from_the_content_reported_before(sentence, value):
    first, second = extract_events(sentence + "\n", published="2024-06-12")
    assert first.modality == "denied"
    assert second.value == value


def test_a_further_speech_act_still_takes_the_time_of_the_denial_of_an_object():
    text = "The Kremlin denied the report on Monday and said troops were returning to their bases.\n"
    denial, movement = extract_events(text, published="2024-06-12")
    assert denial.value == movement.value == "2024-06-10"


def test_a_second_reported_content_dates_only_itself():
    text = (
        "The agency said the intrusion bore the hallmarks of a hacking unit, "
        "and that the attackers had first gained access to the network in January.\n"
    )
    (event,) = extract_events(text, published="2025-03-12")
    assert event.category == "cyberattack"
    assert event.value is None


def test_a_date_after_since_with_a_verb_of_its_own_dates_that_event_not_the_main_one():
    text = "Extremists have bombed two towns since Sinn Fein was expelled from peace talks on Feb. 20.\n"
    (event,) = extract_events(text, published="1998-03-22")
    assert event.category == "armed_attack"
    assert event.value is None
