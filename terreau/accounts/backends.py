from django.contrib.auth.backends import BaseBackend

from .roles import ROLE_PERMISSIONS


class RoleBackend(BaseBackend):
    """Grant the permissions of the roles a user holds in any of their groups."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_terreau_role_perms"):
            roles = user_obj.memberships.values_list("role", flat=True)
            user_obj._terreau_role_perms = set().union(
                *(ROLE_PERMISSIONS.get(r, frozenset()) for r in roles)
            )
        return user_obj._terreau_role_perms

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
