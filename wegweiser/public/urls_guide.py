"""The public guide at /<region>/<language>/…, spliced into namespace "public" after the
fixed paths. The fixed segments come before the page tree's catch-all; a page can never
take one of them as its slug (``guide.services.RESERVED_PAGE_SLUGS``)."""

from django.urls import URLPattern, path

from wegweiser.public.guide import directory, events, feedback, pages, search

_G = "<str:region_slug>/<str:language_code>/"

urlpatterns: list[URLPattern] = [
    path("<str:region_slug>/", pages.region_view, name="guide_region"),
    path(_G, pages.start_view, name="guide_start"),
    path(_G + "offers/", directory.offer_list_view, name="offer_list"),
    path(_G + "offers/<str:slug>/", directory.offer_detail_view, name="offer_detail"),
    path(_G + "places/", directory.place_list_view, name="place_list"),
    path(_G + "places/<str:slug>/", directory.place_detail_view, name="place_detail"),
    path(_G + "events/", events.event_list_view, name="event_list"),
    path(_G + "events/feed.ics", events.event_feed_view, name="event_feed"),
    path(_G + "events/<str:slug>.ics", events.event_ics_view, name="event_ics"),
    path(_G + "events/<str:slug>/", events.event_detail_view, name="event_detail"),
    path(_G + "news/", pages.news_list_view, name="news_list"),
    path(_G + "news/<str:slug>/", pages.news_detail_view, name="news_detail"),
    path(_G + "imprint/", pages.imprint_view, name="imprint"),
    path(_G + "search/", search.search_view, name="search"),
    path(_G + "feedback/", feedback.feedback_view, name="feedback"),
    path(_G + "<path:page_path>/", pages.page_view, name="guide_page"),
]
