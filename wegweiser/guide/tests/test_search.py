import pytest

from wegweiser.guide.search import Document, edit_distance, index, normalize, search, stem

DOCS = index(
    [
        Document("/a", "Deutschkurse für Frauen", "Kurse am Vormittag mit Kinderbetreuung in Rodgau"),
        Document("/b", "Sprachkurse", "Integrationskurse und Berufssprachkurse im Kreis Offenbach"),
        Document("/c", "Beratung für Geflüchtete", "Migrationsberatung in Dietzenbach"),
        Document("/d", "Ärztliche Versorgung", "Hausärzte und Krankenhäuser"),
        Document("/e", "دورات اللغة الألمانية", "دورة اندماج للنساء"),
    ]
)


def keys(query):
    return [d.key for d in search(DOCS, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sprachkurs", ["/b"]),  # inflection: Sprachkurs finds Sprachkurse
        ("Deutschkurs", ["/a"]),  # "Deutschkurs" finds "Deutschkurse für Frauen"
        ("kurs", ["/a", "/b"]),  # compound part
        ("Sprachkurz", ["/b"]),  # a typo
        ("Beratnug", ["/c"]),  # a transposition
        ("arztliche", ["/d"]),  # umlaut typed without dots
        ("Krankenhaus", ["/d"]),
        ("Deutschkurs Frauen", ["/a"]),  # every word must match
        ("Deutschkurs Männer", []),
        ("دورات", ["/e"]),
        ("", []),
    ],
)
def test_search_forgives_compounds_inflection_and_typos(query, expected):
    assert keys(query) == expected


def test_title_matches_rank_first():
    assert keys("Integrationskurs Sprachkurse") == ["/b"]
    assert keys("Offenbach")[0] == "/b"


def test_normalize_and_stem():
    assert normalize("Größere Ärzte, Übung!") == ["grossere", "arzte", "ubung"]
    assert normalize("إِسْلام") == ["اسلام"]
    assert [stem(t) for t in ["sprachkurse", "kurse", "frauen", "kurs", "lehrern"]] == [
        "sprachkurs",
        "kurs",
        "frau",
        "kurs",
        "lehr",
    ]


def test_edit_distance_gives_up_beyond_the_limit():
    assert edit_distance("beratung", "beratnug", 1) == 1
    assert edit_distance("beratung", "bertng", 1) == 2
