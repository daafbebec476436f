from django.shortcuts import render


def compare(request):
    """Two to four maps side by side ("rapprochement")."""
    return render(request, "atlas/compare.html", {})
