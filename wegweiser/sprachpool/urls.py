"""The Sprachpool under /app/<region>/sprachpool/ (namespace ``workspace:sprachpool``)."""

from django.urls import URLPattern, URLResolver

from wegweiser.sprachpool.views import batch, mediator, office, reports, requester

app_name = "sprachpool"

urlpatterns: list[URLPattern | URLResolver] = [
    *office.urlpatterns,
    *batch.urlpatterns,
    *requester.urlpatterns,
    *mediator.urlpatterns,
    *reports.urlpatterns,
]
