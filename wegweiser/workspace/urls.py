"""The staff workspace: /app/<region>/… Each coordination area adds its URLs here."""

from django.urls import URLPattern, URLResolver, include, path

from wegweiser.tenancy import views as tenancy_views
from wegweiser.workspace import views

app_name = "workspace"

region_patterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard_view, name="dashboard"),
    path("members/", tenancy_views.member_list_view, name="members"),
    path("members/invite/", tenancy_views.invitation_create_view, name="invite"),
    path(
        "members/invitations/<int:invitation_id>/revoke/",
        tenancy_views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("members/<int:membership_id>/", tenancy_views.membership_edit_view, name="membership_edit"),
    path("members/<int:membership_id>/active/", tenancy_views.membership_active_view, name="membership_active"),
    path("settings/", tenancy_views.region_settings_view, name="region_settings"),
    path("audit/", views.audit_log_view, name="audit_log"),
    path("guide/", include("wegweiser.guide.urls")),
    path("sprachpool/", include("wegweiser.sprachpool.urls")),
    path("funding/", include("wegweiser.funding.urls")),
]

urlpatterns = [
    path("", views.home_view, name="home"),
    path("<slug:region_slug>/", include(region_patterns)),
]
