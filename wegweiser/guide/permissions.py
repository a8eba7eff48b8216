from wegweiser.tenancy.models import Role
from wegweiser.tenancy.permissions import ALL_MEMBERS, MINISTRY, define_permission

VIEW_CONTENT = define_permission("guide.view", *ALL_MEMBERS, MINISTRY)
EDIT_CONTENT = define_permission("guide.edit", Role.COORDINATOR, Role.EDITOR)
PUBLISH_CONTENT = define_permission("guide.publish", Role.COORDINATOR, Role.EDITOR)
MANAGE_LANGUAGES = define_permission("guide.languages", Role.COORDINATOR)
