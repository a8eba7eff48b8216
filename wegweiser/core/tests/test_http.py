import pytest
from django.test import RequestFactory

from wegweiser.core.http import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "127.0.0.9"),
        (0, "203.0.113.5", "127.0.0.9"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # what the client sent itself is skipped
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "127.0.0.9"),  # fewer hops than proxies: not to be trusted
    ],
)
def test_client_ip_counts_trusted_proxies_from_the_right(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
