"""The yearly self-evaluation page of a group: facilitators start it, members answer it
through the surveys' form, everyone of the group reads the summary (counts only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from ..models import SelfEvaluation
from ..queries import can_manage, group_get_readable, project_years
from ..selfeval import (
    MIN_ANSWERS,
    SelfEvaluationError,
    members_as_collectors,
    selfeval_start,
    summary,
)

NOT_FOUND = "Groupe ou année introuvable."
NOT_FACILITATOR = "Seule l'animation du groupe lance l'auto-évaluation."


@require_http_methods(["GET", "POST"])
def selfeval_view(request, group, year):
    group_obj = group_get_readable(request.user, group)
    years = project_years(group_obj) if group_obj is not None else None
    if group_obj is None or not 1 <= year <= years.count:
        raise Http404(NOT_FOUND)
    manages = can_manage(request.user, group_obj)
    self_evaluation = (SelfEvaluation.objects.filter(group=group_obj, year=year)
                       .select_related("campaign").first())
    url = reverse("monitoring:selfeval", args=[group_obj.slug, year])
    if request.method == "POST":
        if "demarrer" in request.POST:
            if not manages:
                raise PermissionDenied(NOT_FACILITATOR)
            try:
                selfeval_start(group=group_obj, year=year, by=request.user)
            except SelfEvaluationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "L'auto-évaluation est lancée : les membres du "
                                          "groupe peuvent y répondre.")
            return redirect(url)
        if "repondre" in request.POST and self_evaluation is not None:
            # A member who joined after the start becomes a collector here, then answers.
            members_as_collectors(self_evaluation)
            return redirect("surveys:collect", slug=self_evaluation.campaign.slug)
        return redirect(url)
    result = summary(group_obj, year)
    return render(request, "monitoring/selfeval.html", {
        "group": group_obj, "year": year, "year_label": years.label(year),
        "years": [(index, years.label(index)) for index in range(1, years.count + 1)],
        "self_evaluation": self_evaluation, "summary": result, "manages": manages,
        "min_answers": MIN_ANSWERS,
        "shows_shares": result is not None and result["answers"] >= MIN_ANSWERS,
    })


urlpatterns = [
    path("groupes/<slug:group>/auto-evaluation/<int:year>/", selfeval_view, name="selfeval"),
]
