"""Who may do what with a region's funding. Applicants see only their organisation's part."""

from wegweiser.tenancy.models import Role
from wegweiser.tenancy.permissions import MINISTRY, define_permission

VIEW_FUNDING = define_permission("funding.view", Role.COORDINATOR, Role.STAFF, Role.READ_ONLY, MINISTRY)
MANAGE_FUNDING = define_permission("funding.manage", Role.COORDINATOR)  # programmes, budgets, calls, forms
REVIEW_APPLICATIONS = define_permission("funding.review", Role.COORDINATOR, Role.STAFF)  # checks and scores
DECIDE_APPLICATIONS = define_permission("funding.decide", Role.COORDINATOR)  # approvals move money
MANAGE_LEDGER = define_permission("funding.ledger", Role.COORDINATOR)  # payments, reclaims, releases
VIEW_FUNDING_REPORTS = define_permission("funding.reports", Role.COORDINATOR, Role.STAFF, Role.READ_ONLY, MINISTRY)
APPLY_FOR_FUNDING = define_permission("funding.apply", Role.APPLICANT)
