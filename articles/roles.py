"""The newsroom's roles as Django groups.

A minimal version: it only creates the four groups. The editorial workflow gives
each its permissions.
"""

from django.contrib.auth.models import Group

ROLE_REPORTER = "Phóng viên"
ROLE_EDITOR = "Biên tập viên"
ROLE_EDITOR_IN_CHIEF = "Tổng biên tập"
ROLE_RESEARCHER = "Tra cứu"

ROLES = (ROLE_REPORTER, ROLE_EDITOR, ROLE_EDITOR_IN_CHIEF, ROLE_RESEARCHER)


def ensure_roles() -> dict[str, Group]:
    """Create the four role groups if missing; return them by role name."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
