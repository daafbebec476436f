"""Pages of the skills (/annuaire/competences/…): "who can help with X near Y", declaring
what one brings (for oneself, or for a structure), one's offers and their withdrawal, the
shared list of skills. Every page needs a sign-in (LoginRequiredMiddleware); what each one
shows follows skills.py (members' offers: their group only; structures': everyone).
Everything works without JavaScript: plain forms and lists.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from ..forms_skills import OfferForm, SkillAddForm, SkillSearchForm
from ..models import SkillOffer
from ..skills import (
    can_add_skill,
    can_withdraw,
    groups_for_structures,
    groups_of,
    offer_declare,
    offer_withdraw,
    offers_mine,
    skill_add,
    skill_list,
    skill_search,
)
from ..skills_places import SkillError

SEARCH_FIELDS = ("competence", "texte", "pres_de", "groupe")


def skills_search(request):
    """The search form and, once something is asked, the answers as an accessible list."""
    asked = any(request.GET.get(name) for name in SEARCH_FIELDS)
    form = SkillSearchForm(request.GET if asked else None, user=request.user)
    results, place = None, None
    if asked and form.is_valid():
        place = form.cleaned_data["place"]
        results = skill_search(request.user, skill=form.cleaned_data["skill"],
                               text=form.cleaned_data["texte"], near=place,
                               group=form.cleaned_data["group"])
    return render(request, "directory/skills.html", {
        "form": form, "results": results, "place": place, "asked": asked,
        "has_groups": groups_of(request.user).exists()})


@require_http_methods(["GET", "POST"])
def skill_offer_create(request):
    """Declare a skill: for oneself in one of one's groups, or for a structure."""
    initial = {"pour": "structure"} if request.GET.get("pour") == "structure" else {}
    if request.GET.get("structure", "").isdigit():
        initial = {"pour": "structure", "structure": request.GET["structure"]}
    form = OfferForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = offer_declare(user=request.user, group=data["group"], skill=data["skill"],
                                  details=data["precisions"], zone=data["zone"],
                                  structure=data["structure_obj"])
        except (SkillError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            who = offer.structure.nom if offer.structure else "vous"
            messages.success(request, f"« {offer.skill.label} » est déclarée pour {who} dans "
                                      f"le groupe {offer.group.name}.")
            return redirect("directory:skill_offers_mine")
    return render(request, "directory/skill_offer_form.html", {
        "form": form, "skills": skill_list(), "has_groups": bool(form.fields["groupe"].choices)})


def skill_offers_mine(request):
    offers = list(offers_mine(request.user))
    return render(request, "directory/skill_offers_mine.html", {
        "own": [o for o in offers if o.person_id == request.user.pk],
        "structures": [o for o in offers if o.structure_id is not None],
        "runs_groups": groups_for_structures(request.user).exists()})


@require_http_methods(["GET", "POST"])
def skill_offer_withdraw(request, pk: int):
    """Ask, then withdraw (delete) an offer. 404 for an offer one may not withdraw: a
    member's offers of another group are not revealed."""
    offer = SkillOffer.objects.select_related("skill", "group", "structure").filter(pk=pk).first()
    if offer is None or not can_withdraw(request.user, offer):
        raise Http404("Compétence introuvable.")
    if request.method == "POST":
        offer_withdraw(offer, user=request.user)
        messages.success(request, f"« {offer.skill.label} » est retirée.")
        return redirect("directory:skill_offers_mine")
    return render(request, "directory/skill_offer_withdraw.html", {"offer": offer})


@require_http_methods(["GET", "POST"])
def skill_list_page(request):
    """The shared list, with the form to add a skill for those allowed."""
    allowed = can_add_skill(request.user)
    form = SkillAddForm(request.POST or None) if allowed else None
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied("Seules l'animation, les référent·es des données et "
                                   "l'administration d'un groupe ajoutent des compétences.")
        if form.is_valid():
            try:
                skill = skill_add(form.cleaned_data["label"], user=request.user,
                                  description=form.cleaned_data["description"])
            except SkillError as error:
                form.add_error("label", str(error))
            else:
                messages.success(request, f"« {skill.label} » est ajoutée à la liste.")
                return redirect(reverse("directory:skill_list"))
    return render(request, "directory/skill_list.html", {
        "skills": skill_list(), "form": form})


urlpatterns = [
    path("competences/", skills_search, name="skills"),
    path("competences/declarer/", skill_offer_create, name="skill_offer_create"),
    path("competences/miennes/", skill_offers_mine, name="skill_offers_mine"),
    path("competences/liste/", skill_list_page, name="skill_list"),
    path("competences/offres/<int:pk>/retirer/", skill_offer_withdraw,
         name="skill_offer_withdraw"),
]
