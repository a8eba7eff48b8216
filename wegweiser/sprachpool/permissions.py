"""Who may do what in a region's Sprachpool. Requesters and mediators see only their own part."""

from wegweiser.tenancy.models import Role
from wegweiser.tenancy.permissions import MINISTRY, define_permission

OFFICE = (Role.COORDINATOR, Role.STAFF)

VIEW_POOL = define_permission("sprachpool.view", *OFFICE, Role.READ_ONLY)
MANAGE_POOL = define_permission("sprachpool.manage", *OFFICE)  # requests, mediators, institutions
CONFIGURE_POOL = define_permission("sprachpool.configure", Role.COORDINATOR)  # rules, rates, topics
VIEW_PAYOUTS = define_permission("sprachpool.payouts", *OFFICE)
VIEW_STATISTICS = define_permission("sprachpool.statistics", *OFFICE, Role.READ_ONLY, MINISTRY)
REQUEST_MEDIATION = define_permission("sprachpool.request", Role.REQUESTER)
MEDIATE = define_permission("sprachpool.mediate", Role.MEDIATOR)
