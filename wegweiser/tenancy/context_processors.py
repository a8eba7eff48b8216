from typing import Any

from django.http import HttpRequest

from wegweiser.tenancy.selectors import region_list_for_user


def regions(request: HttpRequest) -> dict[str, Any]:
    """The region switcher's entries and the region being worked in, for every page."""
    access = getattr(request, "region_access", None)
    return {
        "region_access": access,
        "current_region": access.region if access else None,
        "user_regions": lambda: region_list_for_user(user=request.user),  # type: ignore[arg-type]
    }
