"""Funding under /app/<region>/funding/ (namespace ``workspace:funding``)."""

from django.urls import URLPattern, URLResolver

from wegweiser.funding.views import applicant, office, reports

app_name = "funding"

urlpatterns: list[URLPattern | URLResolver] = [*office.urlpatterns, *applicant.urlpatterns, *reports.urlpatterns]
