"""Stadt Offenbach am Main's demo pages, in German and English."""

from wegweiser.demo.guide_content.shapes import DemoPage, Text

TREE: tuple[DemoPage, ...] = (
    DemoPage(
        "willkommen",
        Text(
            "Willkommen in Offenbach am Main",
            "Eine Stadt, in der Menschen aus über 150 Ländern zu Hause sind.",
            """
            Offenbach ist eine junge und vielfältige Stadt am Main. Dieser Wegweiser hilft Ihnen bei den ersten
            Schritten: Anmeldung, Deutschkurse, Beratung und Freizeit.
            """,
        ),
        (
            DemoPage(
                "erste-schritte",
                Text(
                    "Erste Schritte",
                    "Anmelden, Konto eröffnen, Krankenversicherung.",
                    """
                    - Melden Sie Ihre Wohnung innerhalb von zwei Wochen im Bürgerbüro an.
                    - Eröffnen Sie ein Bankkonto – ein Basiskonto steht allen zu.
                    - Schließen Sie eine Krankenversicherung ab, falls Sie noch keine haben.
                    """,
                ),
            ),
            DemoPage(
                "deutsch-lernen",
                Text(
                    "Deutsch lernen",
                    "Integrationskurse, Sprachcafés und Lernen online.",
                    """
                    In Offenbach gibt es Integrationskurse am Vormittag, am Abend und am Wochenende. Kostenlose
                    Sprachcafés finden Sie in Stadtteilbüros und Bibliotheken.
                    """,
                ),
            ),
        ),
    ),
    DemoPage(
        "beratung",
        Text(
            "Beratung und Hilfe",
            "Kostenlose Beratung in vielen Sprachen.",
            """
            Die Migrationsberatung und die Stadtteilbüros helfen bei Anträgen, Briefen und Fragen zum Alltag.
            Die Beratung ist kostenlos und vertraulich.
            """,
        ),
    ),
)

EN = {
    "willkommen": Text(
        "Welcome to Offenbach am Main",
        "A city that is home to people from more than 150 countries.",
        """
        Offenbach is a young and diverse city on the river Main. This guide helps you with your first steps:
        registration, German courses, advice and leisure.
        """,
    ),
    "erste-schritte": Text(
        "First steps",
        "Registering, opening a bank account, health insurance.",
        """
        - Register your flat at the citizens' office within two weeks.
        - Open a bank account – everyone is entitled to a basic account.
        - Take out health insurance if you do not have any yet.
        """,
    ),
    "deutsch-lernen": Text(
        "Learning German",
        "Integration courses, language cafés and learning online.",
        """
        Offenbach has integration courses in the morning, in the evening and at weekends. You will find free
        language cafés in the neighbourhood offices and libraries.
        """,
    ),
    "beratung": Text(
        "Advice and help",
        "Free advice in many languages.",
        """
        The migration advice service and the neighbourhood offices help with applications, letters and
        everyday questions. Advice is free and confidential.
        """,
    ),
}
