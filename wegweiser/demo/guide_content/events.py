"""Kreis Offenbach's demo event categories and events: several recurring (RFC 5545 rules),
at places or online. Dates are set relative to the day the demo is loaded."""

from wegweiser.demo.guide_content.shapes import DemoEvent, Text

MO, TU, WE, TH, FR, SA, SU = range(7)

# slug, German name, names in the region's other languages
CATEGORIES: tuple[tuple[str, str, dict[str, str]], ...] = (
    (
        "sprache-begegnung",
        "Sprache & Begegnung",
        {"en": "Language & meeting people", "ar": "اللغة والتعارف", "uk": "Мова та зустрічі",
         "tr": "Dil ve buluşma", "fa": "زبان و دیدار"},
    ),
    (
        "beratung-information",
        "Beratung & Information",
        {"en": "Advice & information", "ar": "استشارة ومعلومات", "uk": "Консультації та інформація",
         "tr": "Danışmanlık ve bilgi", "fa": "مشاوره و اطلاعات"},
    ),
    (
        "familie-kinder",
        "Familie & Kinder",
        {"en": "Family & children", "ar": "الأسرة والأطفال", "uk": "Сім'я та діти",
         "tr": "Aile ve çocuklar", "fa": "خانواده و کودکان"},
    ),
    (
        "arbeit-ausbildung",
        "Arbeit & Ausbildung",
        {"en": "Work & training", "ar": "العمل والتدريب المهني", "uk": "Робота та професійне навчання",
         "tr": "İş ve meslek eğitimi", "fa": "کار و آموزش حرفه‌ای"},
    ),
    (
        "freizeit-kultur",
        "Freizeit & Kultur",
        {"en": "Leisure & culture", "ar": "الترفيه والثقافة", "uk": "Дозвілля та культура",
         "tr": "Boş zaman ve kültür", "fa": "اوقات فراغت و فرهنگ"},
    ),
)  # fmt: skip

EVENTS: tuple[DemoEvent, ...] = (
    DemoEvent(
        "sprachcafe-seligenstadt",
        {
            "de": Text(
                "Sprachcafé Seligenstadt",
                "Jeden Donnerstag Deutsch sprechen bei Kaffee und Kuchen.",
                "Für alle Niveaus. Ehrenamtliche aus Seligenstadt freuen sich auf Sie.",
            ),
            "en": Text(
                "Language café Seligenstadt",
                "Speak German every Thursday over coffee and cake.",
                "All levels welcome. Volunteers from Seligenstadt look forward to meeting you.",
            ),
        },
        ("sprache-begegnung",),
        TH,
        "16:00",
        "18:00",
        recurrence_rule="FREQ=WEEKLY;BYDAY=TH",
        place="begegnungscafe-seligenstadt",
    ),
    DemoEvent(
        "sprachcafe-langen",
        {
            "de": Text("Sprachcafé Langen", "Dienstags nach Feierabend Deutsch üben."),
            "en": Text("Language café Langen", "Practise German on Tuesdays after work."),
        },
        ("sprache-begegnung",),
        TU,
        "17:30",
        "19:00",
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU",
        place="mbe-langen",
    ),
    DemoEvent(
        "elterncafe-neu-isenburg",
        {
            "de": Text(
                "Elterncafé im Familienzentrum",
                "Am ersten Mittwoch im Monat: Frühstück, Austausch und Spielecke.",
                "Mit Beratung zu Kita und Schule. Dolmetscherinnen für Arabisch und Türkisch sind da.",
            ),
            "en": Text(
                "Parents' café at the family centre",
                "On the first Wednesday of the month: breakfast, exchange and a play corner.",
                "With advice on day care and school. Interpreters for Arabic and Turkish are present.",
            ),
        },
        ("familie-kinder", "sprache-begegnung"),
        WE,
        "09:30",
        "11:30",
        nth=1,
        recurrence_rule="FREQ=MONTHLY;BYDAY=1WE",
        place="familienzentrum-neu-isenburg",
    ),
    DemoEvent(
        "spielenachmittag-egelsbach",
        {
            "de": Text("Spielenachmittag für Familien", "Am letzten Freitag im Monat im Mehrgenerationenhaus."),
            "en": Text("Family games afternoon", "On the last Friday of the month at the multi-generation house."),
        },
        ("familie-kinder", "freizeit-kultur"),
        FR,
        "15:00",
        "17:30",
        nth=-1,
        recurrence_rule="FREQ=MONTHLY;BYDAY=-1FR",
        place="mehrgenerationenhaus-egelsbach",
    ),
    DemoEvent(
        "radfahrkurs-frauen-hainburg",
        {
            "de": Text(
                "Radfahren lernen – Kurs für Frauen",
                "Sechs Samstage, Fahrräder und Helme werden gestellt.",
                "Anmeldung im Bürgerhaus Hainburg. Der Kurs ist kostenlos.",
            ),
            "en": Text(
                "Learn to ride a bike – course for women",
                "Six Saturdays, bikes and helmets provided.",
                "Register at the Hainburg community hall. The course is free of charge.",
            ),
        },
        ("freizeit-kultur",),
        SA,
        "10:00",
        "12:00",
        recurrence_rule="FREQ=WEEKLY;BYDAY=SA;COUNT=6",
        place="buergerhaus-hainburg",
    ),
    DemoEvent(
        "einbuergerung-online",
        {
            "de": Text(
                "Online-Sprechstunde Einbürgerung",
                "Alle zwei Wochen: Fragen zur Einbürgerung, per Video.",
                "Sie brauchen nur ein Smartphone oder einen Computer. Keine Anmeldung nötig.",
            ),
            "en": Text(
                "Online consultation on naturalisation",
                "Every two weeks: questions about naturalisation, by video.",
                "All you need is a smartphone or a computer. No registration required.",
            ),
        },
        ("beratung-information",),
        WE,
        "10:00",
        "11:00",
        recurrence_rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        online_url="https://treffen.kreis-offenbach.example/einbuergerung",
    ),
    DemoEvent(
        "infoabend-anerkennung",
        {
            "de": Text(
                "Infoabend: Anerkennung ausländischer Abschlüsse",
                "Online-Infoabend mit der Anerkennungsberatung.",
                "Wie läuft das Verfahren ab, was kostet es, welche Unterlagen brauche ich?",
            ),
            "en": Text(
                "Information evening: recognition of foreign qualifications",
                "Online information evening with the recognition advice service.",
                "How does the procedure work, what does it cost, which documents do I need?",
            ),
        },
        ("arbeit-ausbildung", "beratung-information"),
        WE,
        "18:00",
        "19:30",
        nth=2,
        online_url="https://treffen.kreis-offenbach.example/anerkennung",
    ),
    DemoEvent(
        "fest-der-kulturen-heusenstamm",
        {
            "de": Text(
                "Fest der Kulturen",
                "Musik, Essen aus aller Welt und Mitmachaktionen im Interkulturellen Garten.",
            ),
            "en": Text(
                "Festival of cultures",
                "Music, food from around the world and activities in the intercultural garden.",
            ),
        },
        ("freizeit-kultur", "familie-kinder"),
        SA,
        "00:00",
        "23:59",
        nth=3,
        place="garten-heusenstamm",
        is_all_day=True,
    ),
)
