from django.urls import path

from wegweiser.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify_view, name="login_verify"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/export/", views.export_view, name="export"),
    path("language/", views.language_view, name="language"),
    path("two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("two-factor/disable/", views.two_factor_disable_view, name="two_factor_disable"),
    path("password/", views.password_change_view, name="password_change"),
    path("password/reset/", views.password_reset_view, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done_view, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm_view, name="password_reset_confirm"),
    path("password/reset/done/", views.password_reset_complete_view, name="password_reset_complete"),
]
