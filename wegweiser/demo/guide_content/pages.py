"""Kreis Offenbach's demo page tree in German (the source). The top-level pages and five
subpages (``MAIN``) are translated into all six languages, the others into English."""

from __future__ import annotations

from wegweiser.demo.guide_content.pages_ar import TEXTS as ARABIC
from wegweiser.demo.guide_content.pages_en import TEXTS as ENGLISH
from wegweiser.demo.guide_content.pages_fa import TEXTS as FARSI
from wegweiser.demo.guide_content.pages_tr import TEXTS as TURKISH
from wegweiser.demo.guide_content.pages_uk import TEXTS as UKRAINIAN
from wegweiser.demo.guide_content.shapes import DemoPage, Text, Texts

TREE: tuple[DemoPage, ...] = (
    DemoPage(
        "erste-anlaufstellen",
        Text(
            "Erste Anlaufstellen",
            "Wer Ihnen in den ersten Wochen im Kreis Offenbach weiterhilft.",
            """
            Sie sind neu im Kreis Offenbach? Hier finden Sie die wichtigsten Stellen für die ersten Wochen:
            wo Sie sich anmelden, wer für Ihren Aufenthalt zuständig ist und wo Sie kostenlose Beratung bekommen.

            - Melden Sie Ihre Wohnung innerhalb von zwei Wochen im Bürgerbüro Ihrer Stadt oder Gemeinde an.
            - Für Aufenthaltstitel und Visa ist die Ausländerbehörde des Kreises in Dietzenbach zuständig.
            - Das WIR-Vielfaltszentrum hilft Ihnen, die richtige Stelle zu finden.

            Bringen Sie zu jedem Termin Ihren Pass oder Ausweis und Ihre wichtigen Unterlagen mit.
            """,
        ),
        (
            DemoPage(
                "wir-vielfaltszentrum",
                Text(
                    "WIR-Vielfaltszentrum Kreis Offenbach",
                    "Ihre erste Adresse für alle Fragen rund um das Ankommen.",
                    """
                    Das WIR-Vielfaltszentrum des Kreises Offenbach koordiniert die Integrationsarbeit in allen
                    13 Städten und Gemeinden. Wir beantworten Ihre Fragen oder sagen Ihnen, wer Ihnen weiterhilft.

                    - Kreishaus Dietzenbach, Werner-Hilpert-Straße 1, 63128 Dietzenbach
                    - Offene Sprechstunde: Dienstag 9 bis 12 Uhr und Donnerstag 14 bis 17 Uhr
                    - Telefon: 06074 8180-0000

                    Die Beratung ist kostenlos. Sie können eine Person mitbringen, die für Sie übersetzt.
                    """,
                ),
            ),
            DemoPage(
                "auslaenderbehoerde",
                Text(
                    "Ausländerbehörde",
                    "Aufenthaltstitel, Verlängerungen und Arbeitserlaubnis – nur mit Termin.",
                    """
                    Die Ausländerbehörde des Kreises Offenbach ist für alle Städte und Gemeinden im Kreis
                    zuständig. Sie entscheidet über Aufenthaltstitel, Verlängerungen, Niederlassungserlaubnisse
                    und die Erlaubnis zu arbeiten.

                    - Termine gibt es nur nach Vereinbarung, online oder telefonisch.
                    - Beantragen Sie eine Verlängerung spätestens acht Wochen, bevor Ihr Aufenthaltstitel abläuft.
                    - Bringen Sie Pass, biometrisches Foto, Mietvertrag und Nachweise über Ihr Einkommen mit.

                    Wenn Ihr Aufenthaltstitel abläuft, bevor Sie einen Termin bekommen, bewahren Sie die
                    Bestätigung über Ihren Antrag gut auf.
                    """,
                ),
            ),
            DemoPage(
                "buergerbuero",
                Text(
                    "Anmeldung im Bürgerbüro",
                    "Wohnung anmelden, Steuer-ID erhalten, Meldebescheinigung bekommen.",
                    """
                    Wer in Deutschland eine Wohnung bezieht, muss sich innerhalb von zwei Wochen im Bürgerbüro
                    der Stadt oder Gemeinde anmelden. Sie brauchen Ihren Pass und die Wohnungsgeberbestätigung
                    von Ihrer Vermieterin oder Ihrem Vermieter.

                    Nach der Anmeldung bekommen Sie eine Meldebescheinigung. Ihre Steuer-Identifikationsnummer
                    kommt einige Wochen später mit der Post.
                    """,
                ),
            ),
            DemoPage(
                "ansprechpersonen-kommunen",
                Text(
                    "Ansprechpersonen in den Städten und Gemeinden",
                    "Integrationsbeauftragte und Ehrenamtskoordination vor Ort.",
                    """
                    Viele Städte und Gemeinden im Kreis haben eigene Integrationsbeauftragte oder eine
                    Koordination für ehrenamtliche Helferinnen und Helfer. Sie kennen die Angebote vor Ort.

                    Das WIR-Vielfaltszentrum nennt Ihnen gern die Ansprechperson in Ihrem Wohnort.
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "sprachkurse",
        Text(
            "Sprachkurse",
            "Deutsch lernen: Integrationskurse, Berufssprachkurse und kostenlose Angebote.",
            """
            Gute Deutschkenntnisse helfen im Alltag, bei der Arbeitssuche und in der Schule Ihrer Kinder.
            Im Kreis Offenbach gibt es Kurse für alle Niveaus – vom ersten Wort bis zur Prüfung.

            - Integrationskurs: Sprachkurs und Orientierungskurs, oft kostenlos.
            - Berufssprachkurs: Deutsch für den Beruf, ab Niveau B1.
            - Sprachcafés: Deutsch üben in entspannter Runde, ohne Anmeldung.

            Sie wissen nicht, welcher Kurs zu Ihnen passt? Die Migrationsberatung hilft Ihnen bei der Auswahl
            und bei der Anmeldung.
            """,
        ),
        (
            DemoPage(
                "integrationskurs",
                Text(
                    "Integrationskurs",
                    "600 Stunden Deutsch und 100 Stunden Orientierungskurs.",
                    """
                    Ein Integrationskurs besteht aus einem Sprachkurs (meist 600 Unterrichtsstunden) und einem
                    Orientierungskurs (100 Stunden) über Geschichte, Politik und Zusammenleben in Deutschland.
                    Am Ende stehen die Prüfungen „Deutsch-Test für Zuwanderer“ und „Leben in Deutschland“.

                    - Es gibt Kurse am Vormittag und am Abend, mit Kinderbetreuung, für Frauen und für junge Menschen.
                    - Wer Bürgergeld bezieht oder wenig verdient, kann von den Kosten befreit werden.
                    - Für die Anmeldung brauchen Sie eine Berechtigung des Bundesamts für Migration und
                      Flüchtlinge (BAMF) oder eine Verpflichtung der Ausländerbehörde oder des Jobcenters.
                    """,
                ),
            ),
            DemoPage(
                "berufssprachkurse",
                Text(
                    "Berufssprachkurse",
                    "Deutsch für den Beruf, von B1 bis C1.",
                    """
                    Berufssprachkurse bereiten auf die Sprache am Arbeitsplatz vor: Gespräche mit Kundinnen und
                    Kunden, E-Mails, Fachwörter. Es gibt auch Kurse für Pflege, Handel und Technik.

                    Anmelden können Sie sich über das Jobcenter, die Agentur für Arbeit oder direkt bei einem
                    Kursträger, wenn Sie bereits arbeiten.
                    """,
                ),
            ),
            DemoPage(
                "sprachcafes",
                Text(
                    "Sprachcafés und ehrenamtliche Angebote",
                    "Deutsch üben ohne Prüfungsdruck.",
                    """
                    In Sprachcafés treffen Sie Menschen, die Deutsch lernen, und Ehrenamtliche, die gern mit
                    Ihnen sprechen. Sie brauchen keine Anmeldung und keine Vorkenntnisse.

                    Die Termine in Ihrer Nähe finden Sie unter „Veranstaltungen“.
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "beratung",
        Text(
            "Beratung",
            "Kostenlose und vertrauliche Beratung, in vielen Sprachen.",
            """
            Viele Beratungsstellen im Kreis Offenbach helfen Ihnen kostenlos und vertraulich – bei Fragen zu
            Aufenthalt, Wohnung, Arbeit, Familie oder Geld. Die Beraterinnen und Berater unterliegen der
            Schweigepflicht.

            Wenn Sie wenig Deutsch sprechen, sagen Sie es bei der Terminvereinbarung. Viele Stellen beraten
            auch auf Englisch, Arabisch, Farsi, Türkisch oder Ukrainisch oder bestellen eine Sprachmittlerin
            oder einen Sprachmittler.
            """,
        ),
        (
            DemoPage(
                "migrationsberatung",
                Text(
                    "Migrationsberatung für Erwachsene",
                    "Begleitung in den ersten Jahren – kostenlos und vertraulich.",
                    """
                    Die Migrationsberatung für erwachsene Zugewanderte (MBE) begleitet Sie in den ersten Jahren
                    in Deutschland. Sie hilft bei Anträgen und Briefen von Behörden, bei der Suche nach einem
                    Sprachkurs und bei Fragen zu Arbeit, Wohnung und Familie.

                    Beratungsstellen gibt es in Langen, Dietzenbach, Neu-Isenburg und Rodgau. Vereinbaren Sie
                    einen Termin telefonisch oder per E-Mail. Die Beratung ist kostenlos, vertraulich und
                    unabhängig von Ihrem Aufenthaltsstatus.
                    """,
                ),
            ),
            DemoPage(
                "jugendmigrationsdienst",
                Text(
                    "Jugendmigrationsdienst",
                    "Beratung für junge Menschen von 12 bis 27 Jahren.",
                    """
                    Der Jugendmigrationsdienst berät junge Zugewanderte zu Schule, Ausbildung, Studium und
                    Sprachkursen. Er hilft auch bei Bewerbungen und bei Problemen in der Familie.
                    """,
                ),
            ),
            DemoPage(
                "gewalt-krisen",
                Text(
                    "Hilfe bei Gewalt und in Krisen",
                    "Schnelle Hilfe, auch anonym und rund um die Uhr.",
                    """
                    Niemand muss Gewalt hinnehmen – auch nicht in der Familie. Wenn Sie in Gefahr sind, rufen Sie
                    die Polizei unter 110.

                    - Hilfetelefon Gewalt gegen Frauen: 116 016 (rund um die Uhr, in 18 Sprachen)
                    - Telefonseelsorge: 0800 111 0 111 (kostenlos, anonym)
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "arbeit-ausbildung",
        Text(
            "Arbeit & Ausbildung",
            "Arbeit finden, Abschlüsse anerkennen lassen, eine Ausbildung beginnen.",
            """
            Arbeit ist für viele Menschen ein wichtiger Schritt, um in Deutschland anzukommen. Bevor Sie eine
            Stelle annehmen, klären Sie, ob Sie arbeiten dürfen. Das steht auf Ihrem Aufenthaltstitel oder
            Ihrer Aufenthaltsgestattung.

            - Das Jobcenter und die Agentur für Arbeit helfen bei der Stellensuche.
            - Ausländische Berufs- und Studienabschlüsse können anerkannt werden.
            - Eine Ausbildung dauert meist drei Jahre und wird bezahlt.
            """,
        ),
        (
            DemoPage(
                "anerkennung",
                Text(
                    "Anerkennung ausländischer Abschlüsse",
                    "Mit anerkanntem Abschluss in Ihrem Beruf arbeiten.",
                    """
                    In manchen Berufen, zum Beispiel in der Pflege, als Ärztin oder Lehrer, brauchen Sie eine
                    Anerkennung Ihres Abschlusses. In anderen Berufen hilft sie bei der Bewerbung.

                    Die Anerkennungsberatung prüft mit Ihnen, welche Stelle zuständig ist und welche Unterlagen
                    Sie brauchen. Lassen Sie Ihre Zeugnisse beglaubigt übersetzen.
                    """,
                ),
            ),
            DemoPage(
                "ausbildung",
                Text(
                    "Ausbildung in Deutschland",
                    "Lernen im Betrieb und in der Berufsschule.",
                    """
                    Eine duale Ausbildung verbindet die Arbeit in einem Betrieb mit Unterricht in der
                    Berufsschule. Sie bekommen vom ersten Monat an Geld. Die Ausbildungsplätze für den Herbst
                    werden oft schon im Winter vergeben – bewerben Sie sich früh.
                    """,
                ),
            ),
            DemoPage(
                "jobcenter",
                Text(
                    "Jobcenter und Agentur für Arbeit",
                    "Stellensuche, Bürgergeld und Weiterbildung.",
                    """
                    Die Agentur für Arbeit berät bei der Berufswahl und vermittelt Stellen. Das Jobcenter ist
                    zuständig, wenn Sie Bürgergeld bekommen. Beide zahlen unter bestimmten Voraussetzungen
                    Sprachkurse und Weiterbildungen.
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "familie",
        Text(
            "Familie",
            "Kinderbetreuung, Schule und Unterstützung für Familien.",
            """
            Im Kreis Offenbach haben Kinder ab dem ersten Geburtstag einen Anspruch auf einen Betreuungsplatz.
            Ab sechs Jahren besuchen alle Kinder die Schule – die Schulpflicht gilt für alle Kinder, die hier
            wohnen.

            Familienzentren, Elterncafés und Familienbildungsstätten bieten Beratung, Kurse und Treffpunkte
            für Eltern. Viele Angebote sind kostenlos.
            """,
        ),
        (
            DemoPage(
                "kita",
                Text(
                    "Kita und Kindertagespflege",
                    "Einen Betreuungsplatz finden und anmelden.",
                    """
                    Melden Sie Ihr Kind früh bei der Stadt oder Gemeinde für einen Kita-Platz an, am besten
                    mehrere Monate vorher. Für Kinder unter drei Jahren gibt es auch Tagesmütter und Tagesväter.
                    In Hessen ist die Kita für Kinder ab drei Jahren sechs Stunden am Tag beitragsfrei.
                    """,
                ),
            ),
            DemoPage(
                "schule",
                Text(
                    "Schule",
                    "Schulpflicht, Intensivklassen und Hilfe bei den Hausaufgaben.",
                    """
                    Kinder und Jugendliche ohne ausreichende Deutschkenntnisse lernen zuerst in Intensivklassen
                    Deutsch. Das Staatliche Schulamt berät Sie, welche Schule zuständig ist.
                    """,
                ),
            ),
            DemoPage(
                "kindergeld-elterngeld",
                Text(
                    "Kindergeld und Elterngeld",
                    "Geld für Familien: wer es bekommt und wo Sie es beantragen.",
                    """
                    Kindergeld beantragen Sie bei der Familienkasse der Agentur für Arbeit, Elterngeld bei der
                    Elterngeldstelle. Ob Sie Anspruch haben, hängt auch von Ihrem Aufenthaltstitel ab. Die
                    Migrationsberatung hilft beim Ausfüllen der Anträge.
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "gesundheit",
        Text(
            "Gesundheit",
            "Arztbesuche, Notfälle und Krankenversicherung.",
            """
            In Deutschland gehen Sie bei Krankheit zuerst zu einer Hausärztin oder einem Hausarzt. Bringen Sie
            Ihre Gesundheitskarte (Versichertenkarte) mit. Für Fachärztinnen und Fachärzte brauchen Sie oft eine
            Überweisung.

            - Notruf (Rettungsdienst und Feuerwehr): 112
            - Ärztlicher Bereitschaftsdienst nachts und am Wochenende: 116 117
            - Polizei: 110
            """,
        ),
        (
            DemoPage(
                "aerztliche-versorgung",
                Text(
                    "Ärztliche Versorgung und Notfälle",
                    "Wann Sie zur Hausarztpraxis gehen und wann Sie 112 wählen.",
                    """
                    Bei den meisten Beschwerden ist die Hausarztpraxis die richtige Stelle. Vereinbaren Sie
                    möglichst vorher einen Termin. Wenn die Praxis geschlossen ist, hilft der ärztliche
                    Bereitschaftsdienst unter 116 117.

                    Bei Lebensgefahr – zum Beispiel bei Atemnot, starken Schmerzen in der Brust oder nach einem
                    schweren Unfall – rufen Sie sofort 112 an. Der Anruf ist kostenlos.

                    Die Kliniken in Langen und Seligenstadt haben eine Notaufnahme, die rund um die Uhr
                    geöffnet ist.
                    """,
                ),
            ),
            DemoPage(
                "krankenversicherung",
                Text(
                    "Krankenversicherung",
                    "Pflicht für alle, die in Deutschland leben.",
                    """
                    In Deutschland muss jede Person krankenversichert sein. Wer arbeitet, ist meist über den
                    Arbeitgeber gesetzlich versichert. Geflüchtete im Asylverfahren erhalten Behandlungsscheine
                    oder eine Gesundheitskarte über das Sozialamt.
                    """,
                ),
            ),
            DemoPage(
                "psychosoziale-hilfe",
                Text(
                    "Psychosoziale Unterstützung",
                    "Hilfe bei Belastung, Trauer und nach Flucht.",
                    """
                    Krieg, Flucht und Verlust können die Seele krank machen. Das ist keine Schwäche.
                    Beratungsstellen und psychosoziale Zentren bieten Gespräche an, auch mit Sprachmittlung.
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "freizeit",
        Text(
            "Freizeit",
            "Vereine, Sport, Bibliotheken und Treffpunkte in Ihrer Nähe.",
            """
            In Vereinen, Bibliotheken und Begegnungscafés lernen Sie Menschen kennen und üben ganz nebenbei
            Deutsch. In fast jeder Stadt und Gemeinde im Kreis gibt es Sportvereine, Chöre, Gartenprojekte und
            Angebote für Kinder und Jugendliche.

            Viele Vereine freuen sich über neue Mitglieder. Fragen Sie nach ermäßigten Beiträgen – für Familien
            mit wenig Geld gibt es oft Zuschüsse.
            """,
        ),
        (
            DemoPage(
                "vereine-ehrenamt",
                Text(
                    "Vereine und Ehrenamt",
                    "Mitmachen und selbst helfen.",
                    """
                    Im Ehrenamt engagieren sich Menschen in ihrer Freizeit für andere, zum Beispiel bei der
                    Feuerwehr, im Sportverein oder als Sprachpatin. Wer sich engagiert, knüpft Kontakte und
                    sammelt Erfahrung, die auch bei der Arbeitssuche hilft.
                    """,
                ),
            ),
            DemoPage(
                "sport-schwimmen",
                Text(
                    "Sport und Schwimmen",
                    "Sportvereine, Schwimmkurse und Bewegungsangebote.",
                    """
                    Sportvereine bieten Fußball, Turnen, Kampfsport und vieles mehr. In mehreren Hallenbädern im
                    Kreis gibt es Schwimmkurse für Kinder und Erwachsene, auch nur für Frauen.
                    """,
                ),
            ),
            DemoPage(
                "bibliotheken",
                Text(
                    "Bibliotheken",
                    "Bücher, Filme und Lernmaterial – oft mehrsprachig.",
                    """
                    Die Stadtbüchereien im Kreis verleihen Bücher, Hörbücher und Filme, viele davon in anderen
                    Sprachen. Mit dem Ausweis können Sie auch Sprachlern-Apps und E-Books kostenlos nutzen.
                    """,
                ),
            ),
        ),
    ),
)

# Translated into all of the region's six languages.
MAIN = frozenset(
    [node.key for node in TREE]
    + ["wir-vielfaltszentrum", "auslaenderbehoerde", "integrationskurs", "migrationsberatung", "aerztliche-versorgung"]
)

TRANSLATIONS: dict[str, Texts] = {
    "en": ENGLISH,
    "ar": ARABIC,
    "uk": UKRAINIAN,
    "tr": TURKISH,
    "fa": FARSI,
}
