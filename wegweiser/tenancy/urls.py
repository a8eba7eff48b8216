"""Pages of tenancy outside a region: accepting an invitation (the token is the key)."""

from django.urls import path

from wegweiser.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("<str:token>/", views.invitation_view, name="invitation"),
]
