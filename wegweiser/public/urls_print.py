"""A public page as PDF (alone or with its subpages), as QR code and as poster; the short
address printed on posters. Under /<region>/<language>/print/ and /qr/, which no page slug
may take (``guide.services.RESERVED_PAGE_SLUGS``)."""

from django.urls import URLPattern, path

from wegweiser.public import print as views

urlpatterns: list[URLPattern] = [
    path("<slug:region_slug>/<slug:language_code>/print/<int:page_id>.pdf", views.print_page_view, name="print_page"),
    path("<slug:region_slug>/<slug:language_code>/qr/<int:page_id>.svg", views.page_qr_view, name="page_qr"),
    path(
        "<slug:region_slug>/<slug:language_code>/qr/<int:page_id>/poster.pdf",
        views.page_poster_view,
        name="page_poster",
    ),
    path("<slug:region_slug>/<slug:language_code>/qr/<int:page_id>/", views.page_short_view, name="page_short"),
]
