"""/api/v3/: Integreat CMS's read API (and its feedback POST), on Wegweiser's content."""

from django.urls import URLPattern, path

from wegweiser.api.v3 import feedback, views

_RL = "<str:region_slug>/<str:language_code>/"

urlpatterns: list[URLPattern] = [
    path("regions/", views.regions_view, name="v3_regions"),
    path("regions/<str:region_slug>/", views.region_view, name="v3_region"),
    path("<str:region_slug>/languages/", views.languages_view, name="v3_languages"),
    path(_RL + "pages/", views.pages_view, name="v3_pages"),
    path(_RL + "page/", views.page_view, name="v3_page"),
    path(_RL + "children/", views.children_view, name="v3_children"),
    path(_RL + "parents/", views.parents_view, name="v3_parents"),
    path(_RL + "locations/", views.locations_view, name="v3_locations"),
    path(_RL + "location-categories/", views.location_categories_view, name="v3_location_categories"),
    path(_RL + "events/", views.events_view, name="v3_events"),
    path(_RL + "imprint/", views.imprint_view, name="v3_imprint"),
    path(_RL + "disclaimer/", views.imprint_view, name="v3_disclaimer"),
    path(_RL + "news/", views.news_view, name="v3_news"),
    path(_RL + "news", views.news_view, name="v3_news_no_slash"),
    path(_RL + "fcm/", views.news_view, name="v3_fcm"),
    path(_RL + "offers/", views.offers_view, name="v3_offers"),
    path(_RL + "extras/", views.offers_view, name="v3_extras"),
    path(_RL + "feedback/<str:feedback_type>/", feedback.feedback_view, name="v3_feedback"),
]
