"""The light requirement: a content page's first load (HTML, CSS and the JavaScript it
references) stays under 50 KB gzip-compressed; no web fonts, no framework."""

from __future__ import annotations

import gzip
import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db

LIMIT = 50_000


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_content_page_first_load_under_50_kb_gzipped(client, content):
    url = f"/kreis-offenbach/ar/{quote('الخطوات-الأولى')}/"
    html = fetch(client, url)
    text = html.decode()
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', text)
    assert styles == ["/static/public/guide.css"]
    assets = [fetch(client, asset) for asset in styles + scripts]
    total = sum(len(gzip.compress(body, compresslevel=9)) for body in [html, *assets])
    assert total < LIMIT, f"{total} bytes gzipped"
    css = assets[0].decode()
    assert "@font-face" not in css
    assert "@import" not in css


def test_css_uses_logical_properties_only():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent / "static" / "public" / "guide.css").read_text()
    physical = re.findall(
        r"(?<![-\w])(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        css,
    )
    assert physical == []
