"""The languages and target groups every region can choose from."""

from django.db import migrations

LANGUAGES = [
    # code, BCP 47, native, German, English, right-to-left
    ("de", "de-DE", "Deutsch", "Deutsch", "German", False),
    ("de-si", "de-DE-x-simple", "Leichte Sprache", "Leichte Sprache", "Easy German", False),
    ("en", "en-GB", "English", "Englisch", "English", False),
    ("ar", "ar", "العربية", "Arabisch", "Arabic", True),
    ("fa", "fa-IR", "فارسی", "Farsi", "Farsi", True),
    ("prs", "prs-AF", "دری", "Dari", "Dari", True),
    ("ps", "ps", "پښتو", "Paschtu", "Pashto", True),
    ("ckb", "ckb", "کوردیی ناوەندی", "Kurdisch (Sorani)", "Kurdish (Sorani)", True),
    ("kmr", "kmr", "Kurmancî", "Kurdisch (Kurmandschi)", "Kurdish (Kurmanji)", False),
    ("uk", "uk-UA", "Українська", "Ukrainisch", "Ukrainian", False),
    ("ru", "ru-RU", "Русский", "Russisch", "Russian", False),
    ("tr", "tr-TR", "Türkçe", "Türkisch", "Turkish", False),
    ("ti", "ti-ER", "ትግርኛ", "Tigrinya", "Tigrinya", False),
    ("so", "so-SO", "Soomaali", "Somali", "Somali", False),
    ("fr", "fr-FR", "Français", "Französisch", "French", False),
    ("es", "es-ES", "Español", "Spanisch", "Spanish", False),
    ("it", "it-IT", "Italiano", "Italienisch", "Italian", False),
    ("pl", "pl-PL", "Polski", "Polnisch", "Polish", False),
    ("ro", "ro-RO", "Română", "Rumänisch", "Romanian", False),
    ("bg", "bg-BG", "Български", "Bulgarisch", "Bulgarian", False),
    ("el", "el-GR", "Ελληνικά", "Griechisch", "Greek", False),
    ("hr", "hr-HR", "Hrvatski", "Kroatisch", "Croatian", False),
    ("hu", "hu-HU", "Magyar", "Ungarisch", "Hungarian", False),
    ("sq", "sq-AL", "Shqip", "Albanisch", "Albanian", False),
    ("am", "am-ET", "አማርኛ", "Amharisch", "Amharic", False),
]

TARGET_GROUPS = [
    ("everyone", "Alle", "Everyone"),
    ("families", "Familien", "Families"),
    ("children", "Kinder", "Children"),
    ("youth", "Jugendliche", "Young people"),
    ("women", "Frauen", "Women"),
    ("men", "Männer", "Men"),
    ("seniors", "Seniorinnen und Senioren", "Senior citizens"),
    ("refugees", "Geflüchtete", "Refugees"),
    ("job_seekers", "Arbeitssuchende", "Job seekers"),
    ("students", "Schülerinnen, Schüler und Studierende", "Pupils and students"),
    ("lgbtiq", "LSBTIQ*", "LGBTIQ*"),
    ("disabled", "Menschen mit Behinderung", "People with disabilities"),
]


def load(apps, schema_editor):
    Language = apps.get_model("guide", "Language")
    TargetGroup = apps.get_model("guide", "TargetGroup")
    for code, tag, native, german, english, rtl in LANGUAGES:
        Language.objects.update_or_create(
            code=code,
            defaults={"bcp47_tag": tag, "native_name": native, "german_name": german, "english_name": english,
                      "is_rtl": rtl},
        )
    for code, german, english in TARGET_GROUPS:
        TargetGroup.objects.update_or_create(code=code, defaults={"german_name": german, "english_name": english})


class Migration(migrations.Migration):
    dependencies = [("guide", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
