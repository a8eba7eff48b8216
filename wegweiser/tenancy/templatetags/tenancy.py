from django import template

from wegweiser.tenancy.selectors import RegionAccess

register = template.Library()


@register.filter
def can(access: RegionAccess | None, permission: str) -> bool:
    """``{% if region_access|can:"members.manage" %}``: the same check the views make."""
    return access is not None and access.can(permission)
