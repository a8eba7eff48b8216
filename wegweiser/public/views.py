"""Pages anyone can open without an account."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from wegweiser.guide.public_selectors import guide_region_slugs
from wegweiser.tenancy.selectors import region_list_with_figures


def home_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/home.html",
        {"regions": region_list_with_figures(), "guide_regions": guide_region_slugs()},
    )


def about_view(request: HttpRequest) -> HttpResponse:
    return render(request, "public/about.html")


def healthz_view(request: HttpRequest) -> HttpResponse:
    """For load balancers: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception) if exception.args else ""}, status=403)


def server_error_view(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
