import pytest
from django.core.cache import cache

from wegweiser.public.tests.guide_content import GuideContent, guide_content_build


@pytest.fixture
def clear_cache():
    """Rate limits and search indexes live in the cache: a test that counts starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(region, clear_cache) -> GuideContent:
    """Kreis Offenbach's public guide with pages, offers, places, events, news and imprint."""
    return guide_content_build(region)
