from .notifications import notifications_unread_count


def notifications(request):
    """The number of unread notifications of the signed-in member (the navigation shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notifications_unread_count(user)}
