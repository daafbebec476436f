from django.http import Http404
from django.shortcuts import render

from .queries import group_get_visible, group_territory_list, membership_list_for_user


def home(request):
    """The signed-in user's start page: their groups and where to go next."""
    return render(request, "accounts/home.html",
                  {"memberships": membership_list_for_user(user=request.user)})


def group_detail(request, slug: str):
    group = group_get_visible(user=request.user, slug=slug)
    if group is None:
        raise Http404("Groupe introuvable.")
    members = group.memberships.select_related("user").order_by("user__username")
    return render(request, "accounts/group.html", {
        "group": group, "members": members, "territories": group_territory_list(group=group)})
