"""Categories, modality, actors and places: every example in the data files is run."""

from __future__ import annotations

import re

import pytest

from extract import classify, regexgate
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


# -- world news: actors, places, category and modality beyond the Russia/Ukraine crisis ---------

COUNTRIES = load("countries.yaml")["countries"]

# (sentence, actors that must be found, places exactly, category, modality)
WORLD = [
    # Middle East
    ("Israeli and Hamas negotiators will meet in Cairo on Thursday.",
     ["Israeli government", "Hamas"], ["Cairo"], "talks", "planned"),
    ("On Monday, Israeli jets struck targets in Rafah.", ["Israeli armed forces"], ["Rafah"], "armed_attack", "asserted"),
    ("Washington also imposed sanctions on two Iranian drone makers.",
     ["American government"], [], "sanctions", "asserted"),
    ("Hackers linked to Iran claimed a cyberattack on an Israeli water utility.",
     ["Iran"], [], "cyberattack", "reported"),
    ("Houthi rebels fired missiles at a cargo ship in the Red Sea on Tuesday.",
     ["Houthis"], ["Red Sea"], "armed_attack", "asserted"),
    ("Hezbollah launched drones at northern Israel, the IDF said.",
     ["Hezbollah", "Israeli armed forces"], ["Israel"], "armed_attack", "reported"),
    ("Tehran denied any role in the attack.", ["Iranian government"], [], "statement", "denied"),
    ("Iranian Foreign Minister Abbas Araghchi met his Omani counterpart in Muscat.",
     ["Abbas Araghchi"], ["Muscat"], "talks", "asserted"),
    ("The IAEA said Iran had enriched uranium at Fordow.",
     ["International Atomic Energy Agency", "Iran"], ["Fordow"], "statement", "asserted"),
    # Africa
    ("The Rapid Support Forces shelled El Fasher overnight, residents said.",
     ["Rapid Support Forces"], ["El Fasher"], "armed_attack", "reported"),
    ("M23 rebels captured the city of Goma in eastern Congo.",
     ["M23"], ["Goma", "Democratic Republic of the Congo"], "armed_attack", "asserted"),
    ("Nigerian troops killed 30 Boko Haram fighters in Borno State.",
     ["Nigerian armed forces", "Boko Haram"], ["Borno"], "armed_attack", "asserted"),
    ("Al-Shabaab claimed responsibility for the attack on a hotel in Mogadishu.",
     ["al-Shabaab"], ["Mogadishu"], "armed_attack", "reported"),
    ("Rebels allegedly killed 20 villagers in North Kivu.", [], ["North Kivu"], "armed_attack", "reported"),
    ("Kenyan President William Ruto met IMF officials in Nairobi.",
     ["William Ruto", "International Monetary Fund"], ["Nairobi"], "talks", "asserted"),
    # Asia
    ("Beijing staged military drills around Taiwan on Monday.",
     ["Chinese government"], ["Taiwan"], "military_exercise", "asserted"),
    ("North Korea test-fired a ballistic missile into the Sea of Japan.",
     ["North Korea"], ["Sea of Japan"], "military_exercise", "asserted"),
    ("Indian and Pakistani troops exchanged fire along the Line of Control in Kashmir.",
     ["Indian armed forces", "Pakistani armed forces"], ["Line of Control", "Kashmir"], "armed_attack", "asserted"),
    ("Prime Minister Narendra Modi spoke by phone with President Joe Biden.",
     ["Narendra Modi", "Joe Biden"], [], "talks", "asserted"),
    ("Myanmar's junta carried out airstrikes in Rakhine State.",
     ["Myanmar government"], ["Rakhine"], "armed_attack", "asserted"),
    # Americas
    ("The United States imposed sanctions on Venezuelan officials.",
     ["United States", "Venezuelan government"], [], "sanctions", "asserted"),
    ("Colombian forces clashed with ELN fighters near the Venezuelan border.",
     ["Colombian armed forces", "ELN"], ["Venezuela border"], "armed_attack", "asserted"),
    ("Brazil's President Lula met Argentine President Javier Milei in Brasilia.",
     ["Luiz Inacio Lula da Silva", "Javier Milei"], ["Brasilia"], "talks", "asserted"),
    ("Mexico will send 10,000 troops to its northern border next week.",
     ["Mexico"], [], "troop_movement", "planned"),
    # Europe
    ("The European Union agreed new sanctions on Russia on Friday.",
     ["European Union"], ["Russia"], "sanctions", "asserted"),
    ("Paris and Berlin pledged more air defence systems to Ukraine.",
     ["French government", "German government"], ["Ukraine"], "weapons_aid", "asserted"),
    ("Serbia and Kosovo held talks in Brussels mediated by the EU.",
     ["Serbia", "Kosovo", "European Union"], ["Brussels"], "talks", "asserted"),
    ("German Chancellor Friedrich Merz travelled to Kyiv to meet Zelensky.",
     ["Friedrich Merz", "Volodymyr Zelensky"], ["Kyiv"], "talks", "planned"),
]


@pytest.mark.parametrize(("sentence", "actors", "places", "category", "modality"), WORLD, ids=[w[0][:45] for w in WORLD])
def test_world_news_sentence_gets_its_actors_places_category_and_modality(sentence, actors, places, category, modality):
    found = classify.classify(sentence)
    assert (found[0].category, found[0].modality) == (category, modality), found
    assert set(actors) <= set(classify.actors(sentence)), classify.actors(sentence)
    assert classify.places(sentence) == places


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [("Washington imposed sanctions on Tehran.", "American government"),
     ("Moscow said the talks had failed.", "Russian government"),
     ("Beijing has warned Manila against provocations.", "Chinese government"),
     ("London, in a rare move, summoned the Chinese ambassador.", "British government"),
     ("Ankara denied the report.", "Turkish government"), ("Ankara will respond, officials said.", "Turkish government"),
     ("Moscow officials said the talks failed.", "Russian government"),
     ("Brussels warned Budapest over the veto.", "European Union")],
    ids=["imposed", "said", "has warned", "parenthesis", "denied", "will respond", "officials", "Brussels is the EU"],
)
def test_a_capital_as_the_subject_of_a_verb_is_its_government_not_a_place(sentence, actor):
    assert actor in classify.actors(sentence)
    assert sentence.split()[0].rstrip(",") not in classify.places(sentence)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [("The talks showed Moscow had no interest in peace.", "Russian government"),
     ("Zelensky said Kyiv was ready to negotiate.", "Ukrainian government"),
     ("Officials warned that Beijing was preparing drills.", "Chinese government"),
     ("The envoy believes Tehran is seeking a deal.", "Iranian government")],
    ids=["showed had", "said was ready", "warned that was preparing", "believes is seeking"],
)
def test_a_capital_opening_a_reported_clause_is_its_government(sentence, actor):
    assert actor in classify.actors(sentence)
    assert classify.places(sentence) == []


def test_a_capital_in_a_reported_passive_or_without_a_speech_verb_stays_a_place():
    assert classify.places("Officials said Moscow was hit by drones.") == ["Moscow"]
    assert classify.places("Officials said Moscow was being shelled.") == ["Moscow"]
    assert classify.places("Moscow had no power overnight, officials said.") == ["Moscow"]
    assert classify.actors("Moscow had no power overnight, officials said.") == []


@pytest.mark.parametrize(
    "sentence",
    ["Officials in Washington said the talks would resume.", "The delegation flew to Moscow on Monday.",
     "Rain fell on Moscow overnight.", "Protesters gathered in Beijing.", "Moscow was hit by drones overnight.",
     "Moscow is a city of 12 million.", "Moscow residents queued for bread."],
    ids=["in", "to", "on", "gathered in", "passive", "is", "residents"],
)
def test_a_capital_after_a_locative_word_stays_a_place(sentence):
    assert not any(actor.endswith(" government") for actor in classify.actors(sentence))
    assert len(classify.places(sentence)) == 1


@pytest.mark.parametrize(
    ("sentence", "places"),
    [("Nice weather helped the harvest.", []), ("Reading the report, officials frowned.", []),
     ("Mobile phones were banned in schools.", []), ("Bath salts were seized.", []),
     ("Of the twelve hostages, three were freed.", []),
     ("A truck drove into a crowd in Nice on Thursday.", ["Nice"]),
     ("Police in Reading arrested two men.", ["Reading"]),
     ("Reporters visited Mobile, Alabama.", ["Mobile", "Alabama"])],
    ids=["Nice weather", "Reading the", "Mobile phones", "Bath salts", "Of the", "in Nice", "in Reading", "Mobile, Alabama"],
)
def test_a_place_name_that_is_an_english_word_needs_locative_context(sentence, places):
    assert classify.places(sentence) == places


@pytest.mark.parametrize(
    ("sentence", "actors", "places"),
    [("Michael Jordan retired in 2003.", [], []),
     ("Jordan Peterson spoke in Toronto.", [], ["Toronto"]),
     ("Jordan condemned the strike.", ["Jordan"], []),
     ("Aid convoys crossed from Jordan.", [], ["Jordan"]),
     ("Paris Hilton arrived late.", [], []),
     ("Lewis Hamilton won the race.", [], [])],
    ids=["Michael Jordan", "Jordan Peterson", "Jordan the country", "from Jordan", "Paris Hilton", "Lewis Hamilton"],
)
def test_a_place_name_inside_a_person_name_is_neither_actor_nor_place(sentence, actors, places):
    assert [a for a in classify.actors(sentence) if a in ("Jordan",)] == actors
    assert classify.places(sentence) == places


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [("Hamas leader Yahya Sinwar rejected the offer.", ["Hamas", "Yahya Sinwar"]),
     ("Gen. Jane Roe visited the troops.", ["Jane Roe"]),
     ("Foreign Minister Penny Wong met her counterpart.", ["Penny Wong"]),
     ("Lt. Gen. Ahmed al-Mansouri inspected the base.", ["Ahmed al-Mansouri"]),
     ("Saudi Crown Prince Mohammed bin Salman hosted the summit.", ["Mohammed bin Salman"])],
    ids=["leader", "Gen.", "Foreign Minister", "Lt. Gen. al-", "bin"],
)
def test_people_are_found_by_title_and_name(sentence, actors):
    assert set(actors) <= set(classify.actors(sentence)), classify.actors(sentence)


def test_a_surname_alone_later_in_the_article_is_the_person_met_in_full():
    people = classify.surnames(classify.actors("Prime Minister Jane Doe arrived in Cairo."))
    assert classify.actors("Doe said the talks had failed.", people=people) == ["Jane Doe"]


def test_a_surname_two_people_of_the_article_share_is_neither_of_them():
    people = classify.surnames(["Juan Miguel Gonzalez", "Lazaro Gonzalez", "Jane Doe"])
    assert people == {"Doe": "Jane Doe"}
    assert classify.actors("Elian Gonzalez arrived in Miami.", people=people) == []
    assert classify.actors("Elian Doe arrived, and Ms Doe said so.", people=people) == ["Jane Doe"]


def test_governments_and_organisations_are_nobodys_surname():
    assert classify.surnames(["Israeli government", "European Union", "Russian armed forces"]) == {}


def test_the_last_word_of_a_company_name_is_nobodys_surname():
    people = classify.surnames(["Trump Media & Technology Group", "Acme Logistics", "Jane Doe"])
    assert people == {"Doe": "Jane Doe"}
    assert classify.actors("Logistics firms and Trump Media said prices rose.", people=people) == ["Trump Media"]


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [("IDF", "Israeli armed forces"), ("ISIS", "Islamic State"), ("Daesh", "Islamic State"),
     ("Ansar Allah", "Houthis"), ("WHO", "World Health Organization"), ("OPEC+", "OPEC"), ("U.N.", "United Nations"),
     ("Bibi Netanyahu", "Benjamin Netanyahu"), ("Netanyahu", "Benjamin Netanyahu"), ("Hemedti", "Mohamed Hamdan Dagalo")],
)
def test_aliases_of_organisations_and_people_merge_into_one_name(alias, canonical):
    assert classify.actors(f"{alias} said on Tuesday that the ceasefire held.") == [canonical]


def test_every_country_has_a_capital_and_the_big_ones_a_demonym():
    assert len(COUNTRIES) >= 195
    assert all(c["capital"] for c in COUNTRIES)
    with_demonym = [c for c in COUNTRIES if c["demonyms"]]
    assert len(with_demonym) >= 170
    names = {c["name"] for c in COUNTRIES}
    assert {"United States", "United Kingdom", "Russia", "Palestine", "Democratic Republic of the Congo"} <= names


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [("Ethiopian troops moved north.", "Ethiopian armed forces"), ("Filipino coast guard ships sailed.", "Philippine armed forces"),
     ("Nigerien officials met the envoy.", "Nigerien government"), ("Emirati diplomats left.", "Emirati government")],
    ids=["Ethiopian", "Filipino", "Nigerien", "Emirati"],
)
def test_demonyms_of_every_region_name_forces_and_governments(sentence, actor):
    assert actor in classify.actors(sentence)


def test_generated_countries_file_matches_its_generator():
    pytest.importorskip("pycountry")
    make = pytest.importorskip("extract.data.make_gazetteer")
    assert make.OUT.read_text(encoding="utf-8") == make.render(make.build())


def test_generated_common_word_places_file_matches_its_generator():
    pytest.importorskip("english_words")
    make = pytest.importorskip("extract.data.make_gazetteer")
    assert make.COMMON_WORDS.read_text(encoding="utf-8") == make.render_common_words(make.common_word_places())


@pytest.mark.parametrize(
    ("sentence", "places"),
    [("CARACAS, Venezuela (Reuters) - The U.S. military struck a boat.", ["Caracas", "Venezuela"]),
     ("KYIV, Ukraine (AP) — Delegations held talks.", ["Kyiv", "Ukraine"]),
     ("GAZA CITY (Reuters) - Israeli strikes killed 20 people.", ["Gaza City"]),
     ("BEIJING/TAIPEI - Chinese warships held drills on Thursday.", ["Beijing"]),
     ("WASHINGTON/KYIV (Reuters) - The package was announced on Friday.", ["Washington"]),
     ("IZMAIL, Ukraine - Russian drones struck the port.", ["Izmail", "Ukraine"])],
    ids=["city, country (Reuters)", "city, country (AP)", "two-word city", "two datelines", "two datelines (Reuters)",
         "city, country, no agency"],
)
def test_a_wire_dateline_is_a_place_and_its_country_too(sentence, places):
    assert classify.places(sentence) == places
    assert not set(places) & set(classify.actors(sentence))


def test_a_capital_before_a_modal_and_any_verb_acts_but_not_in_the_passive():
    assert classify.actors("Caracas would mobilise 4.5 million militia members.") == ["Venezuelan government"]
    assert classify.actors("Moscow would be hit hard.") == []


@pytest.mark.parametrize(
    ("sentence", "places"),
    [("Settlers attacked a village in the West Bank.", ["West Bank"]),
     ("Ships sailed into the Gulf of Mexico.", ["Gulf of Mexico"])],
    ids=["the West Bank, not the West", "the Gulf of Mexico, not the Gulf"],
)
def test_a_longer_name_starting_inside_a_shorter_one_wins(sentence, places):
    assert classify.places(sentence) == places
    assert classify.actors(sentence) == []


def test_a_country_after_a_place_and_a_comma_is_a_place_only_when_the_name_ends_there():
    assert classify.places("A truck drove into a crowd in Nice, France, on Thursday.") == ["Nice", "France"]
    text = "In West Africa, Mali's junta expelled the French ambassador."
    assert classify.places(text) == ["West Africa"]
    assert classify.actors(text) == ["Malian government"]


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [("Sameh Shoukry, Egypt's foreign minister, said the talks were stalled.", ["Sameh Shoukry"]),
     ("John Kirby, a White House national security spokesman, said the strike was legal.", ["John Kirby", "White House"]),
     ("Last Monday, the president said the talks were over.", []),
     ("Hezbollah, the Iran-backed group, fired rockets.", ["Hezbollah"])],
    ids=["foreign minister", "spokesman", "a date is no one", "a group is no person"],
)
def test_a_name_followed_by_its_role_is_a_person(sentence, actors):
    assert [a for a in classify.actors(sentence) if "government" not in a] == actors


@pytest.mark.parametrize(
    ("sentence", "name"),
    [("Erdoğan said on Tuesday that the ceasefire held.", "Recep Tayyip Erdogan"),
     ("Officials met in Bogotá on Monday.", "Bogota"), ("Protesters marched in São Paulo.", "Sao Paulo")],
    ids=["Erdoğan", "Bogotá", "São Paulo"],
)
def test_names_with_diacritics_match_their_plain_spelling(sentence, name):
    assert name in classify.actors(sentence) + classify.places(sentence)


# -- reporting frames: what was said, planned, or not said at all -------------------------------


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("France said it would send long-range cruise missiles to Ukraine.", "weapons_aid"),
        ("Britain said last week it would deliver 14 tanks, the first Western tanks pledged to Kyiv.", "weapons_aid"),
        ("Diplomats said the next summit of the alliance will be held in Madrid.", "talks"),
        ("The ministry said troops would pull back from the border next week.", "troop_movement"),
    ],
)
def test_a_plan_announced_in_reported_speech_is_the_planned_event(clause, category):
    (found,) = classify.classify(clause)
    assert (found.category, found.modality) == (category, "planned")


@pytest.mark.parametrize(
    "clause",
    [
        "Boris Johnson said there were mixed messages from Moscow and he urged further troop withdrawals.",
        "But Mr Biden added: 'Invading Ukraine will prove to be a self-inflicted wound.'",
        "The Kremlin said it would not negotiate while Ukrainian troops remain in Kursk.",
    ],
)
def test_an_appeal_a_quotation_or_a_refusal_in_speech_stays_a_statement(clause):
    assert classify.classify(clause)[0].category == "statement"


@pytest.mark.parametrize(
    "clause",
    [
        "He did not say when the rotation would begin.",
        "The company declined to say whether it would pay.",
        "The group has not publicly claimed responsibility.",
        "He did not mention the drills directly.",
        "The minister never referred to the sanctions on Tuesday.",
    ],
)
def test_what_nobody_said_is_no_event(clause):
    assert classify.classify(clause) == []


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("He did not say whether troops had crossed the border, but he mentioned the drills.", "military_exercise"),
        ("Officials said troops had not crossed the border.", "troop_movement"),
    ],
)
def test_a_negation_elsewhere_does_not_silence_the_clause(clause, category):
    assert classify.classify(clause)[0].category == category


@pytest.mark.parametrize(
    "clause",
    [
        "The hospital was hit by a ransomware attack on Monday, according to a statement from the health service.",
        "The hackers encrypted hundreds of servers, two people familiar with the matter said.",
        "Russian forces shelled the town overnight, regional officials told reporters.",
    ],
)
def test_a_frame_after_its_content_reports_it_and_is_no_second_event(clause):
    (found,) = classify.classify(clause)
    assert found.modality == "reported" and found.category != "statement"


def test_a_preposed_frame_with_a_quotation_after_a_colon_still_gives_a_statement():
    found = classify.classify("After talks in Geneva on Monday, the minister said: 'The intelligence is not encouraging.'")
    assert [f.category for f in found] == ["talks", "statement"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Hezbollah fired dozens of rockets at northern Israel, and Israeli jets struck southern Lebanon, the army said.", True),
        ("Rebels shelled the town on Monday, officials said.", True),
        ("Officials said rebels shelled the town on Monday.", False),
        ("Rebels shelled the town, and the ministry said it would respond with force.", False),
    ],
)
def test_a_frame_ending_the_sentence_is_found(sentence, expected):
    last = classify.clauses(sentence)[-1]
    assert classify.attributed_at_end(sentence[last[0] : last[1]]) is expected


# -- the reason or topic of an act is not a second act ------------------------------------------


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("The US Treasury sanctioned a Russian national over his role in a ransomware gang.", "sanctions"),
        ("The EU imposed sanctions on three officials in response to the cyberattacks.", "sanctions"),
        ("The government will hold a Cobra meeting on Wednesday to discuss the hospital attack.", "talks"),
        ("North Korea test-fired two missiles in defiance of UN sanctions.", "military_exercise"),
        ("Hackers attacked the websites of two banks despite new sanctions.", "cyberattack"),
    ],
)
def test_a_trigger_after_a_word_of_cause_or_topic_does_not_make_the_category(clause, category):
    assert classify.classify(clause)[0].category == category


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Hackers linked to Russia claimed a cyberattack on the ministry.", "cyberattack"),
        ("Russian forces shelled Kharkiv and advanced towards the city.", "troop_movement"),
        ("Ransomware gangs are attacking hospitals over the holidays.", "cyberattack"),
    ],
)
def test_triggers_without_a_word_of_cause_between_them_compete_as_before(clause, category):
    assert classify.classify(clause)[0].category == category


# -- modern military and diplomatic wording, and its look-alikes --------------------------------


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Workers went on strike on Monday over pay.", None),
        ("Unions called a general strike against pension reform.", None),
        ("The EU agreed targeted sanctions on three officials.", "sanctions"),
        ("The company uses targeted advertising on its website.", None),
        ("Police were on high alert for flooding on Sunday.", None),
        ("It dispatched its own ships to the area.", "troop_movement"),
        ("Cargo ships carrying grain and fertiliser left Odesa on Monday.", None),
        ("The cargo ships passed a Russian missile cruiser near the strait.", None),
        ("Shoppers surrounded the stall in the town centre.", None),
        ("Russian units surrounded the town on Friday.", "armed_attack"),
    ],
)
def test_look_alikes_of_the_new_triggers(clause, category):
    found = classify.classify(clause)
    assert (found[0].category if found else None) == category, found


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("The minister will travel to Washington next week to discuss further military aid.", "talks"),
        ("EU ministers discussed new sanctions on Iran in Brussels on Monday.", "talks"),
        ("Negotiators held talks on sanctions relief in Vienna.", "talks"),
        ("The EU imposed sanctions on Iran on Monday after talks failed.", "sanctions"),
        ("Germany delivered air defence systems to Kyiv, and ministers discussed more.", "weapons_aid"),
    ],
)
def test_what_a_discussion_is_about_is_its_topic_not_a_second_event(clause, category):
    assert classify.classify(clause)[0].category == category


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("Analysts at the Institute for the Study of War said Russian forces would advance.", "Institute for the Study of War"),
        ("Inspectors at the IAEA said the plant had lost power.", "International Atomic Energy Agency"),
    ],
)
def test_an_organisation_that_is_no_place_stays_an_actor_after_a_locative_word(sentence, actor):
    assert actor in classify.actors(sentence)
    assert actor not in classify.places(sentence)


@pytest.mark.parametrize(
    ("clause", "tense"),
    [("The Kremlin has repeatedly said it will not negotiate", "perfect"), ("Hamas has not sent a delegation", "perfect"),
     ("They have met twice since June", "perfect"), ("The Kremlin said it will not negotiate", "past")],
)
def test_a_perfect_with_an_irregular_participle_is_perfect(clause, tense):
    assert classify.tense(clause) == tense


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Ukrainian officials have asked for fighter jets and longer-range missiles.", "statement"),
        ("Kyiv requested more air defence systems on Monday.", "statement"),
        ("Zelensky pleaded with allies for more jets.", "statement"),
        ("The official, who requested anonymity, said troops had withdrawn from the border.", "troop_movement"),
    ],
)
def test_an_appeal_is_a_statement_but_anonymity_is_no_appeal(clause, category):
    assert classify.classify(clause)[0].category == category


@pytest.mark.parametrize(
    ("clause", "categories"),
    [
        ("Qatar and Egypt, which have mediated between Israel and Hamas for months, said on Friday that a proposal was ready.",
         ["statement"]),
        ("The general, who has long advocated sending troops, met the president on Monday.", ["talks"]),
        ("Hamas, which attacked Israel on October 7, released two hostages on Friday.", ["armed_attack"]),
        ("Troops, which were deployed to the border, shelled two villages on Monday.", ["troop_movement"]),
    ],
)
def test_a_state_in_a_relative_clause_is_background_but_a_dated_act_is_not(clause, categories):
    assert [f.category for f in classify.classify(clause)] == categories


@pytest.mark.parametrize(
    ("clause", "category", "modality"),
    [
        ("China, which has refused to condemn the invasion, held joint naval drills with Russia on Tuesday, state media reported.",
         "military_exercise", "reported"),
        ("Stoltenberg will travel to Washington next week for talks with Biden before the alliance's summit in July.",
         "talks", "planned"),
        ("Russian troops withdrew from the border after the drills ended.", "troop_movement", "asserted"),
        ("Russia attacked Kyiv with drones hours after the talks in Istanbul.", "armed_attack", "asserted"),
        ("EU ambassadors agreed new sanctions targeting liquefied natural gas shipments.", "sanctions", "asserted"),
        ("The new tariffs targeting Chinese electric vehicles took effect on Friday.", None, None),
    ],
)
def test_landmarks_background_and_non_military_targets(clause, category, modality):
    found = classify.classify(clause)
    assert ((found[0].category, found[0].modality) if found else (None, None)) == (category, modality), found


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (("North Korea fired several short-range ballistic missiles off its east coast on Monday, South Korea's military said, "
          "hours before the US secretary of state arrived in Seoul."), [("military_exercise", "reported")]),
        ("Russian forces shelled Kharkiv overnight, officials said, as Moscow poured fresh troops into the region.",
         [("armed_attack", "reported"), ("troop_movement", "reported")]),
        ("Officials said on Monday that Russian forces had shelled Kharkiv.", [("armed_attack", "reported")]),
    ],
)
def test_a_frame_between_commas_reports_what_stands_on_both_sides(clause, expected):
    assert [(f.category, f.modality) for f in classify.classify(clause)] == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("The hackers encrypted servers and demanded a ransom in bitcoin, two people familiar with the matter said.",
         [("cyberattack", "reported")]),
        ("Russia blamed Ukraine for the attack on the bridge, the ministry said.", [("statement", "asserted")]),
        ("Hamas fighters attacked the town and warned of more raids, in a statement on Telegram.", [("armed_attack", "asserted")]),
    ],
)
def test_a_demand_inside_reported_content_is_part_of_it(clause, expected):
    assert [(f.category, f.modality) for f in classify.classify(clause)][:1] == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("The ministry said it would investigate the airstrike on the hospital.", ("statement", "asserted")),
        ("The army said it would respond to the attack.", ("statement", "asserted")),
        ("Officials said they would look into the cyberattack.", ("statement", "asserted")),
        ("Putin said Russia would continue its offensive until its goals were met.", ("armed_attack", "planned")),
        ("Germany said it would host a donor conference for Ukraine in June.", ("talks", "planned")),
        ("The ministry said the joint drills will take place in the autumn.", ("military_exercise", "planned")),
    ],
)
def test_a_plan_in_speech_must_govern_the_event_not_an_act_about_it(clause, expected):
    found = classify.classify(clause)[0]
    assert (found.category, found.modality) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "The prime minister denounced the attack as reckless on Sunday.",
        "Kyiv welcomed the new sanctions on Russian banks.",
        "Moscow branded the drills a provocation.",
    ],
)
def test_judging_an_event_is_a_statement_about_it(clause):
    assert classify.classify(clause)[0].category == "statement"


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Oil prices rose more than 5% after the attack.", None),
        ("Shares fell in the wake of the cyberattack.", None),
        ("Troops withdrew from the town after an attack on their convoy.", "troop_movement"),
        ("Hackers attacked the ministry's website after the talks.", "cyberattack"),
        ("The UN Security Council will hold an emergency meeting on Wednesday at Israel's request.", "talks"),
        ("Kyiv requested more air defence systems on Monday.", "statement"),
    ],
)
def test_a_definite_landmark_is_referred_to_not_reported(clause, category):
    found = classify.classify(clause)
    assert (found[0].category if found else None) == category, found


@pytest.mark.parametrize(
    ("clause", "cause"),
    [
        ("They fired the missiles in retaliation for the killing of Nasrallah last week.", "in retaliation for"),
        ("Iran has threatened to retaliate for the killing of Haniyeh last month.", "retaliate for"),
        ("Russian forces shelled Kharkiv last week.", None),
        ("The attack is the worst on a utility since hackers cut power to Ukraine in December 2015.", "since hackers cut"),
        ("Extremists have bombed two towns since Sinn Fein was expelled from talks on Feb. 20.", "since Sinn Fein was expelled"),
        ("Russian forces have shelled the city daily since February 2022.", None),
        ("The carrier has been on patrol since March and was scheduled to return.", None),
    ],
)
def test_the_cause_of_an_event_is_found_for_dating(clause, cause):
    at = classify.topic_start(clause, 0)
    assert (clause[at : at + len(cause)] if at is not None else None) == cause


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Over the past week shelling intensified near Kharkiv.", "armed_attack"),
        ("Since the weekend attacks on the port have killed 12 people.", "armed_attack"),
    ],
)
def test_a_span_of_time_after_since_or_over_is_no_landmark(clause, category):
    assert classify.classify(clause)[0].category == category


@pytest.mark.parametrize(
    ("clause", "category"),
    [("He took a trip to the seaside with his family.", None), ("The minister paid a visit to Beijing on Monday.", "talks")],
)
def test_a_trip_is_diplomatic_only_to_a_named_place_or_the_region(clause, category):
    found = classify.classify(clause)
    assert (found[0].category if found else None) == category, found


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Frederiksen called the attack reckless and said Copenhagen would ask allies for help.", "statement"),
        ("Moscow called the drills a provocation.", "statement"),
        ("The president called a meeting with opposition leaders for Friday.", "talks"),
        ("Russian forces called in airstrikes on the village.", "armed_attack"),
    ],
)
def test_calling_an_event_something_is_a_statement(clause, category):
    assert classify.classify(clause)[0].category == category


@pytest.mark.parametrize(
    ("clause", "category"),
    [
        ("Poland has offered to transfer a company of Leopards.", "weapons_aid"),
        ("Washington sent two more Patriot batteries and HIMARS to Kyiv.", "weapons_aid"),
        ("Volunteers gave food to patriots defending the town.", None),
    ],
)
def test_named_weapon_systems_are_arms_only_by_their_names(clause, category):
    found = classify.classify(clause)
    assert (found[0].category if found else None) == category, found


@pytest.mark.parametrize("entry", [c for c in TAXONOMY["categories"] if c["triggers"]], ids=lambda c: c["id"])
def test_the_gate_of_a_category_admits_every_match_of_its_triggers(entry):
    """The gate skips a clause without any string a match needs: each trigger's matches hold one."""
    gate = next(c.gate for c in classify.taxonomy() if c.id == entry["id"])
    texts = [clause for clause, _ in entry["examples"]] + [
        clause for other in TAXONOMY["categories"] for clause, _ in other["examples"]
    ]
    for pattern in entry["triggers"]:
        for text in texts:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                assert gate is None or any(w in match.group(0).lower() for w in gate), (pattern, match.group(0))


def test_the_gate_knows_every_character_ignorecase_takes_for_an_ascii_letter():
    beyond = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folding = set(re.findall("[a-z]", beyond, re.IGNORECASE))
    assert folding == {c for c in beyond[:0x2200] if regexgate.FOLDS_TO_ASCII.match(c)}
    assert classify._triggers("They were \u017fanctioned.")[0][0] == "sanctions"  # "ſanctioned" is no ASCII word


def test_the_gates_of_the_cues_admit_every_match_in_the_examples():
    texts = [text for c in TAXONOMY["categories"] for text, _ in c["examples"]] + [text for text, _ in MODALITY["examples"]]
    cues = [(MODALITY[kind], classify._cues()["gate"][kind]) for kind in ("projecting", "performative")]
    cues += [
        (pattern, gate)
        for key, patterns in MODALITY["clause"].items()
        for pattern, gate in zip(patterns, classify._cues()["clause_gate"][key])
    ]
    for pattern, gate in cues:
        for text in texts:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                assert gate is None or any(w in match.group(0).lower() for w in gate), (pattern, match.group(0))


def test_the_gate_of_the_titles_admits_every_title_in_the_examples():
    g = classify.gazetteer()
    texts = [s for s, _ in ACTORS["examples"]] + [text for c in TAXONOMY["categories"] for text, _ in c["examples"]]
    texts += [text for text, _ in MODALITY["examples"]]
    assert g.titles_gate
    for text in texts:
        for match in g.titles.finditer(text):
            assert any(w in match.group(0) for w in g.titles_gate), match.group(0)


def test_the_triggers_a_clause_may_match_find_what_the_whole_alternation_finds():
    texts = [text for c in TAXONOMY["categories"] for text, _ in c["examples"]] + [text for text, _ in MODALITY["examples"]]
    for category in classify.taxonomy():
        if not category.gates:
            continue
        for text in texts:
            lower = regexgate.gate_text(text)
            open_ = tuple(p for p, gate in zip(category.patterns, category.gates) if regexgate.may_match(gate, lower))
            whole = [m.span() for m in category.triggers[0].finditer(text)]
            assert [m.span() for m in classify._alternation(open_).finditer(text)] == whole if open_ else not whole


@pytest.mark.parametrize(
    ("sentence", "pieces"),
    [
        ("The Kremlin denied planning an invasion and said troops were returning to their bases.",
         ["The Kremlin denied planning an invasion", "said troops were returning to their bases."]),
        ("Moscow denied sending troops and later warned Kyiv against provocations.",
         ["Moscow denied sending troops", "later warned Kyiv against provocations."]),
        ("The Security Council condemned the bombing and called on all states to cooperate.",
         ["The Security Council condemned the bombing", "called on all states to cooperate."]),
        # no speech verb before the "and", a participle, a thing that shows, a piece too short
        ("Russian troops advanced and said nothing.", ["Russian troops advanced and said nothing."]),
        ("Hamas denied the report and saying so angered Israel.", ["Hamas denied the report and saying so angered Israel."]),
        ("They said the focus telegraphed selling and showed fears over the economy.",
         ["They said the focus telegraphed selling and showed fears over the economy."]),
        ("He denied and said nothing more.", ["He denied and said nothing more."]),
    ],
)
def test_a_second_speech_verb_of_one_subject_opens_a_clause(sentence, pieces):
    assert [sentence[s:e] for s, e in classify.clauses(sentence)] == pieces


@pytest.mark.parametrize(
    ("sentence", "speakers"),
    [
        ("Moscow denied sending troops and said its jets struck a depot.", ["", "Moscow denied"]),
        ("The Kremlin denied the report, and Peskov said troops were leaving.", ["", ""]),
        ("Iran rejected the claims, and warned Israel against an attack, and called for talks in Oman.", ["", "Iran rejected", "Iran rejected"]),
        ("Russian troops shelled Kharkiv, and said they hit a depot.", ["", ""]),
    ],
)
def test_a_clause_opening_with_a_speech_verb_is_said_by_the_subject_before(sentence, speakers):
    assert classify.speakers(sentence, classify.clauses(sentence)) == speakers
