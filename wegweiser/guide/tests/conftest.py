import pytest
from django_scopes import scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import Language


@pytest.fixture
def lang():
    """``lang("ar")`` -> the Language."""
    return lambda code: Language.objects.get(code=code)


@pytest.fixture
def guide_region(region, lang):
    """Kreis Offenbach with German as source and English, Arabic, Ukrainian, Turkish, Farsi."""
    with scopes_disabled():
        services.region_language_add(actor=None, region=region, language=lang("de"), is_source=True)
        for code in ["en", "ar", "uk", "tr", "fa"]:
            services.region_language_add(actor=None, region=region, language=lang(code))
    return region


@pytest.fixture
def editor(member, guide_region):
    return member("editor", region=guide_region)
