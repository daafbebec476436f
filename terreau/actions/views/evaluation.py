"""Pages of the evaluation rounds of an action (/actions/<slug>/evaluations/…) and the
register of levers and obstacles (/actions/leviers-et-freins/). Reading follows
queries.action_get_readable (404 otherwise); changing follows queries.action_can_edit (403).
Everything works without JavaScript: plain forms, empty lines to fill."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from terreau.accounts.models import TerritorialGroup
from terreau.core.exports import CONTENT_TYPES

from ..choices import FactorKind
from ..evaluation import (
    CATALOGUE,
    TYPED,
    EvaluationError,
    catalogue_periods,
    indicators_offered,
    round_conclude,
    round_get,
    round_next_number,
    round_save,
    verdicts_blocked,
    watched_rows,
)
from ..forms_evaluation import (
    PERIODS_LIST,
    FactorFormSet,
    RegisterFilterForm,
    RoundForm,
    VerdictsForm,
    WatchedFormSet,
)
from ..models import Action, EvaluationRound
from ..queries import action_can_edit, action_get_readable, action_list_visible
from ..register import RegisterFilters, counts_by_theme, factors_visible, register_csv


def _action_or_404(request, slug) -> Action:
    action = action_get_readable(request.user, slug)
    if action is None:
        raise Http404("Action introuvable.")
    return action


def _round_or_404(action, number) -> EvaluationRound:
    round = round_get(action, number)
    if round is None:
        raise Http404("Temps d'évaluation introuvable.")
    return round


def _editable_or_403(request, action) -> None:
    if not action_can_edit(request.user, action):
        raise PermissionDenied("Seuls l'auteur de l'action, ses participant·es et l'animation "
                               "du groupe modifient ses évaluations.")


def _forms(request, action, round: EvaluationRound | None):
    data = request.POST if request.method == "POST" else None
    indicators = indicators_offered(action, request.user)
    zones = action.zones.order_by("level", "name")
    if round is None:
        initial = {}
        watched, factors, verdicts = [], [], {}
    else:
        initial = {name: getattr(round, name) for name in (
            "held_on", "what_happened", "decision", "decision_note", "improvements")}
        # Only typed values go back in the boxes: the catalogue's are read again on saving.
        watched = [{"indicator": w.indicator_id, "zone": w.zone_id,
                    "before_period": w.before_period, "after_period": w.after_period,
                    "before_value": _typed(w.before_value, row["before_source"]),
                    "after_value": _typed(w.after_value, row["after_source"]), "note": w.note}
                   for row in watched_rows(round) for w in [row["watched"]]]
        factors = [{"kind": f.kind, "theme": f.theme, "text": f.text}
                   for f in round.factors.all()]
        verdicts = {}
        for v in round.verdicts.all():
            verdicts.update({f"status_{v.hypothesis_id}": v.new_status,
                             f"reason_{v.hypothesis_id}": v.reason})
    hypotheses = action.hypotheses.select_related("scenario").order_by("pk")
    return {
        "form": RoundForm(data, initial=initial),
        "watched": WatchedFormSet(data, prefix="ind", initial=watched,
                                  form_kwargs={"indicators": indicators, "zones": zones}),
        "factors": FactorFormSet(data, prefix="lf", initial=factors),
        "verdicts": VerdictsForm(data, hypotheses=hypotheses, initial=verdicts),
        "periods": [(i, catalogue_periods(i)) for i in indicators],
        "zones": zones,
    }


def _typed(value, source: str) -> str:
    if source != TYPED or value is None:
        return ""
    return format(value, ".15g").replace(".", ",")


def _save(request, action, round, forms):
    parts = (forms["form"], forms["watched"], forms["factors"], forms["verdicts"])
    if not all(part.is_valid() for part in parts):
        return None
    try:
        return round_save(
            action=action, by=request.user, round=round, fields=forms["form"].cleaned_data,
            indicators=[i for i in (f.as_input() for f in forms["watched"]) if i],
            factors=[i for i in (f.as_input() for f in forms["factors"]) if i],
            verdicts=forms["verdicts"].as_inputs())
    except EvaluationError as error:
        forms["form"].add_error(None, str(error))
        return None


def _form_page(request, action, round, number):
    forms = _forms(request, action, round)
    if request.method == "POST":
        saved = _save(request, action, round, forms)
        if saved is not None:
            messages.success(request, f"Temps d'évaluation n° {saved.number} enregistré.")
            return redirect(saved.get_absolute_url())
    return render(request, "actions/round_form.html", {
        **forms, "action": action, "round": round, "number": number,
        "periods_list": PERIODS_LIST,
        "all_periods": sorted({p for _, periods in forms["periods"] for p in periods})})


@require_http_methods(["GET", "POST"])
def round_create(request, slug):
    action = _action_or_404(request, slug)
    _editable_or_403(request, action)
    return _form_page(request, action, None, round_next_number(action))


@require_http_methods(["GET", "POST"])
def round_edit(request, slug, number):
    action = _action_or_404(request, slug)
    round = _round_or_404(action, number)
    _editable_or_403(request, action)
    if round.concluded_at is not None:
        messages.info(request, "Ce temps d'évaluation est conclu : il ne se modifie plus.")
        return redirect(round.get_absolute_url())
    return _form_page(request, action, round, round.number)


def round_detail(request, slug, number):
    action = _action_or_404(request, slug)
    round = _round_or_404(action, number)
    can_edit = action_can_edit(request.user, action) and round.concluded_at is None
    return render(request, "actions/round_detail.html", {
        "action": action, "round": round, "can_edit": can_edit,
        "rows": watched_rows(round), "CATALOGUE": CATALOGUE, "TYPED": TYPED,
        "levers": [f for f in round.factors.all() if f.kind == FactorKind.LEVER],
        "obstacles": [f for f in round.factors.all() if f.kind == FactorKind.OBSTACLE],
        "verdicts": round.verdicts.select_related("hypothesis__scenario", "status_change"),
        "blocked": verdicts_blocked(round, request.user) if can_edit else [],
    })


@require_POST
def round_conclude_view(request, slug, number):
    action = _action_or_404(request, slug)
    round = _round_or_404(action, number)
    _editable_or_403(request, action)
    try:
        changes = round_conclude(round=round, by=request.user)
    except (EvaluationError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        done = (f" ; {len(changes)} hypothèse(s) mise(s) à jour dans leur scénario"
                if changes else "")
        messages.success(request, f"Temps d'évaluation n° {round.number} conclu{done}.")
    return redirect(round.get_absolute_url())


def _register_filters(form) -> RegisterFilters:
    if not form.is_valid():
        return RegisterFilters()
    data = form.cleaned_data
    return RegisterFilters(kind=data["type"], theme=data["theme"], group=data["groupe"],
                           action=data["action"], year=data["annee"])


def register(request):
    actions = action_list_visible(request.user).order_by("title")
    groups = TerritorialGroup.objects.filter(pk__in=actions.values("group")).order_by("name")
    form = RegisterFilterForm(request.GET or None, groups=groups, actions=actions)
    factors = factors_visible(request.user, _register_filters(form))
    if request.GET.get("format") == "csv":
        response = HttpResponse(register_csv(factors, base_url=request.build_absolute_uri("/")
                                             .rstrip("/")), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = 'attachment; filename="leviers-et-freins.csv"'
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    counts = counts_by_theme(factors)
    for row in counts:  # a theme's link keeps the other filters
        themed = request.GET.copy()
        themed["theme"] = row["theme"]
        row["query"] = themed.urlencode()
    return render(request, "actions/register.html", {
        "form": form, "factors": factors, "counts": counts, "csv_query": query.urlencode()})


urlpatterns = [
    path("leviers-et-freins/", register, name="register"),
    path("<slug:slug>/evaluations/nouvelle/", round_create, name="round_create"),
    path("<slug:slug>/evaluations/<int:number>/", round_detail, name="round_detail"),
    path("<slug:slug>/evaluations/<int:number>/modifier/", round_edit, name="round_edit"),
    path("<slug:slug>/evaluations/<int:number>/conclure/", round_conclude_view,
         name="round_conclude"),
]
