"""A user's notifications at /app/notifications/ (namespace ``notifications``)."""

from django.urls import URLPattern, path

from wegweiser.notifications import views

app_name = "notifications"

urlpatterns: list[URLPattern] = [
    path("", views.notification_list_view, name="list"),
    path("read/", views.notification_read_all_view, name="read_all"),
    path("<int:notification_id>/", views.notification_open_view, name="open"),
]
