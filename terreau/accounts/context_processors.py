def memberships(request):
    """Give every page the groups of the signed-in user (for the navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_memberships": []}
    return {"my_memberships": user.memberships.select_related("group").order_by("group__name")}
