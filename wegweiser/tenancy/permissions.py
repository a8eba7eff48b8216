"""Which role may do what in a region.

Each app defines its permissions here-style with ``define_permission`` in its own
``permissions`` module, so that a new app adds rows without touching this one.
"""

from __future__ import annotations

from wegweiser.tenancy.models import Role

MINISTRY = "ministry"  # not a membership role: the ministry reads every region

_GRANTS: dict[str, frozenset[str]] = {}


def define_permission(code: str, *roles: str) -> str:
    """Grant ``code`` to ``roles``; returns the code so it can be kept as a constant."""
    if code in _GRANTS:
        raise ValueError(f"Permission {code!r} is defined twice")
    _GRANTS[code] = frozenset(roles)
    return code


def role_has(role: str, code: str) -> bool:
    try:
        return role in _GRANTS[code]
    except KeyError:
        raise ValueError(f"Unknown permission {code!r}") from None


ALL_MEMBERS = (Role.COORDINATOR, Role.STAFF, Role.EDITOR, Role.READ_ONLY)

VIEW_REGION = define_permission("region.view", *ALL_MEMBERS, MINISTRY)
# Anyone with a membership may open the region's start, which sends people from outside the
# office (requesters, mediators) on to their own part.
ENTER_REGION = define_permission("region.enter", *ALL_MEMBERS, MINISTRY, Role.REQUESTER, Role.MEDIATOR, Role.APPLICANT)
MANAGE_REGION = define_permission("region.manage", Role.COORDINATOR)
VIEW_MEMBERS = define_permission("members.view", *ALL_MEMBERS, MINISTRY)
MANAGE_MEMBERS = define_permission("members.manage", Role.COORDINATOR)
VIEW_AUDIT_LOG = define_permission("audit.view", Role.COORDINATOR)
