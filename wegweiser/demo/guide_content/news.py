"""Kreis Offenbach's demo news and imprint."""

from wegweiser.demo.guide_content.shapes import DemoNews, Text, Texts

NEWS: tuple[DemoNews, ...] = (
    DemoNews(
        "integrationskurs-langen",
        {
            "de": Text(
                "Neuer Integrationskurs für Frauen in Langen",
                "Im nächsten Monat beginnt ein Integrationskurs mit Kinderbetreuung.",
                "Es sind noch Plätze frei. Die Migrationsberatung Langen hilft bei der Anmeldung.",
            ),
            "en": Text(
                "New integration course for women in Langen",
                "An integration course with childcare starts next month.",
                "Places are still available. The migration advice service in Langen helps you register.",
            ),
        },
        days_ago=3,
    ),
    DemoNews(
        "termine-auslaenderbehoerde",
        {
            "de": Text(
                "Ausländerbehörde: Termine jetzt online buchen",
                "Termine für Verlängerungen können Sie ab sofort online vereinbaren.",
                "Wer keinen Computer hat, bekommt Hilfe im WIR-Vielfaltszentrum.",
            ),
            "en": Text(
                "Immigration office: book appointments online now",
                "You can now book appointments for extensions online.",
                "If you have no computer, the WIR Diversity Centre will help you.",
            ),
        },
        days_ago=10,
    ),
    DemoNews(
        "ehrenamt-seligenstadt",
        {
            "de": Text(
                "Sprachcafé Seligenstadt sucht Ehrenamtliche",
                "Wer Zeit und Lust hat, donnerstags Deutsch zu sprechen, ist willkommen.",
            ),
            "en": Text(
                "Language café Seligenstadt is looking for volunteers",
                "Anyone with time who enjoys speaking German on Thursdays is welcome.",
            ),
        },
        days_ago=24,
    ),
)

IMPRINT: Texts = {
    "de": Text(
        "Impressum",
        "Demo-Installation von Wegweiser.",
        """
        Dies ist eine Demo-Installation von Wegweiser. Alle Inhalte sind Beispiele: Angebote, Anbieter,
        Telefonnummern und E-Mail-Adressen sind erfunden.

        - Verantwortlich (Demo): WIR-Vielfaltszentrum Kreis Offenbach
        - Werner-Hilpert-Straße 1, 63128 Dietzenbach
        - E-Mail: vielfaltszentrum@kreis-offenbach.example
        """,
    ),
    "en": Text(
        "Imprint",
        "Demo installation of Wegweiser.",
        """
        This is a demo installation of Wegweiser. All content is illustrative: offers, providers, phone
        numbers and e-mail addresses are invented.

        - Responsible (demo): WIR Diversity Centre, district of Offenbach
        - Werner-Hilpert-Straße 1, 63128 Dietzenbach
        - E-mail: vielfaltszentrum@kreis-offenbach.example
        """,
    ),
}
