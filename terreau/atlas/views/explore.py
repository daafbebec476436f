from django.shortcuts import render


def explorer(request):
    """The map explorer of one indicator."""
    return render(request, "atlas/explorer.html", {})
