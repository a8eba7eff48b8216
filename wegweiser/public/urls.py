from django.urls import path

from wegweiser.public import views

app_name = "public"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("about/", views.about_view, name="about"),
    path("healthz", views.healthz_view, name="healthz"),
]
