"""The languages and dialects mediators in Hessen's pools are asked for (codes: ISO 639)."""

from django.db import migrations

# code, German, English, dialect of
LANGUAGES = [
    ("ar", "Arabisch", "Arabic", None),
    ("apc", "Arabisch (levantinisch, z. B. syrisch)", "Arabic (Levantine, e.g. Syrian)", "ar"),
    ("acm", "Arabisch (irakisch)", "Arabic (Iraqi)", "ar"),
    ("arz", "Arabisch (ägyptisch)", "Arabic (Egyptian)", "ar"),
    ("ary", "Arabisch (marokkanisch)", "Arabic (Moroccan)", "ar"),
    ("fa", "Persisch", "Persian", None),
    ("pes", "Farsi", "Farsi", "fa"),
    ("prs", "Dari", "Dari", "fa"),
    ("ku", "Kurdisch", "Kurdish", None),
    ("kmr", "Kurdisch (Kurmandschi)", "Kurdish (Kurmanji)", "ku"),
    ("ckb", "Kurdisch (Sorani)", "Kurdish (Sorani)", "ku"),
    ("ps", "Paschtu", "Pashto", None),
    ("ti", "Tigrinya", "Tigrinya", None),
    ("am", "Amharisch", "Amharic", None),
    ("so", "Somali", "Somali", None),
    ("uk", "Ukrainisch", "Ukrainian", None),
    ("ru", "Russisch", "Russian", None),
    ("tr", "Türkisch", "Turkish", None),
    ("sq", "Albanisch", "Albanian", None),
    ("hbs", "Bosnisch/Kroatisch/Serbisch", "Bosnian/Croatian/Serbian", None),
    ("ro", "Rumänisch", "Romanian", None),
    ("bg", "Bulgarisch", "Bulgarian", None),
    ("pl", "Polnisch", "Polish", None),
    ("rom", "Romanes", "Romani", None),
    ("ka", "Georgisch", "Georgian", None),
    ("hy", "Armenisch", "Armenian", None),
    ("ur", "Urdu", "Urdu", None),
    ("pa", "Panjabi", "Punjabi", None),
    ("ta", "Tamil", "Tamil", None),
    ("vi", "Vietnamesisch", "Vietnamese", None),
    ("zh", "Chinesisch (Mandarin)", "Chinese (Mandarin)", None),
    ("en", "Englisch", "English", None),
    ("fr", "Französisch", "French", None),
    ("es", "Spanisch", "Spanish", None),
    ("it", "Italienisch", "Italian", None),
    ("pt", "Portugiesisch", "Portuguese", None),
]


def load(apps, schema_editor):
    Language = apps.get_model("sprachpool", "MediationLanguage")
    for code, name_de, name_en, parent in LANGUAGES:
        Language.objects.update_or_create(
            code=code,
            defaults={
                "name_de": name_de,
                "name_en": name_en,
                "dialect_of": Language.objects.get(code=parent) if parent else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("sprachpool", "0002_assignment_no_overlap")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
