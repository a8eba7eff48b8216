"""The staff side of the guide's content, under /app/<region>/guide/ (namespace ``guide``):
overview, editing every kind, page order, translating side by side, history, feedback, event
categories and the region's languages."""

from django.urls import URLPattern, path

from wegweiser.guide.views.editor import categories, feedback, items, languages, lists, texts

urlpatterns: list[URLPattern] = [
    path("", lists.overview_view, name="overview"),
    path("archived/", lists.archived_view, name="archived"),
    path("bulk/", lists.bulk_view, name="bulk"),
    path("feedback/", feedback.feedback_view, name="feedback"),
    path("feedback/<int:feedback_id>/read/", feedback.feedback_read_view, name="feedback_read"),
    path("event-categories/", categories.event_categories_view, name="event_categories"),
    path("translations/<str:code>/", lists.language_todo_view, name="language_todo"),
    path("languages/", languages.languages_view, name="languages"),
    path("languages/<str:code>/", languages.language_change_view, name="language_change"),
    path("new/<str:kind>/", items.item_create_view, name="item_create"),
    path("items/<int:item_id>/", items.item_edit_view, name="item_edit"),
    path("items/<int:item_id>/status/", items.item_status_view, name="item_status"),
    path("items/<int:item_id>/move/", items.page_move_view, name="page_move"),
    path("items/<int:item_id>/<str:code>/", texts.translate_view, name="translate"),
    path("items/<int:item_id>/<str:code>/approve/", texts.translation_approve_view, name="translation_approve"),
    path("items/<int:item_id>/<str:code>/history/", texts.history_view, name="history"),
    path("items/<int:item_id>/<str:code>/history/<int:version>/", texts.version_diff_view, name="version_diff"),
    path(
        "items/<int:item_id>/<str:code>/history/<int:version>/restore/",
        texts.version_restore_view,
        name="version_restore",
    ),
    path("preview/<str:code>/", texts.preview_view, name="preview"),
]
