"""Campaigns: create and edit, collectors, public link and QR code, consent texts, the
follow-up of the collection (per day, collector, zone; disclosure control)."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import path, reverse

from terreau.atlas.palettes import MISSING_COLOR, palette_colors
from terreau.territory.queries import layer_summary

from ..followup import THRESHOLD, FollowUp, campaign_followup
from ..forms_campaigns import CampaignForm
from ..models import Campaign, Questionnaire
from ..queries import (
    campaign_get_visible,
    campaign_list_visible,
    can_collect,
    can_design,
    can_read_answers,
    questionnaire_list_visible,
)
from ..services import survey_slug
from ..submissions import campaign_is_open, campaign_zones
from . import erase

NOT_FOUND = "Campagne introuvable."
NOT_DESIGNER = "Seule l'animation du groupe prépare et modifie ses campagnes."


def _readable(request, slug: str) -> Campaign:
    campaign = campaign_get_visible(slug=slug, user=request.user)
    if campaign is None:
        raise Http404(NOT_FOUND)
    return campaign


def _designable_questionnaires(user):
    visible = questionnaire_list_visible(user)
    ids = [q.pk for q in visible if can_design(user, q.group_id)]
    return Questionnaire.objects.filter(pk__in=ids).select_related("group")


def public_url(request, campaign: Campaign) -> str:
    """The absolute address of the campaign's public form (the QR code's content)."""
    return request.build_absolute_uri(reverse("surveys:collect_public",
                                              args=[campaign.public_token]))


MAP_PALETTE = "YlGnBu"
MAP_CLASSES = 5


def _count_classes(counts: list[int]) -> list[dict]:
    """Up to 5 classes of the shown counts (as many distinct values in each, about), each
    [low, high] with its colour; consecutive classes meet (high = next low - 1)."""
    values = sorted(set(counts))
    if not values:
        return []
    k = min(MAP_CLASSES, len(values))
    lows = [values[len(values) * i // k] for i in range(k)]
    colors = palette_colors(MAP_PALETTE, k)
    classes = []
    for i, low in enumerate(lows):
        high = lows[i + 1] - 1 if i + 1 < k else values[-1]
        label = str(low) if low == high else f"{low} à {high}"
        classes.append({"min": low, "max": high, "couleur": colors[i], "libelle": label})
    return classes


def _zone_map(campaign: Campaign, followup: FollowUp) -> dict | None:
    """The map of answers per zone: its layer, frame, counts (hidden as in the table) and
    classes; None when the campaign has no single zone level (nothing to draw)."""
    if not campaign.zone_level or not followup.per_zone:
        return None
    summary = layer_summary(campaign_zones(campaign))
    layer_url = reverse("api:territory_layer", args=[campaign.zone_level])
    if campaign.within:
        layer_url += "?" + urlencode({"dans": campaign.within})
    counts = followup.zone_counts()
    classes = _count_classes([n for n in counts.values() if n])
    return {
        "drawable": summary.with_contours > 0,
        "partial": 0 < summary.with_contours < summary.count,
        "layer_url": layer_url, "bbox": list(summary.bbox) if summary.bbox else "",
        "worker_url": static("vendor/maplibre-gl-worker.mjs"),
        "classes": classes, "missing_color": MISSING_COLOR,
        "hides": any(n is None for n in counts.values()),
        "data": {"comptes": counts, "classes": classes, "gris": MISSING_COLOR,
                 "seuil": THRESHOLD},
    }


def campaign_list(request):
    campaigns = (campaign_list_visible(request.user)
                 .annotate(answers=Count("submissions")).order_by("-starts_on", "title"))
    rows = [{"campaign": c, "open": campaign_is_open(c),
             "answers": c.answers if (can_read_answers(request.user, c.questionnaire.group_id)
                                      or c.answers == 0 or c.answers >= THRESHOLD) else None}
            for c in campaigns]
    return render(request, "surveys/campaigns.html", {
        "rows": rows, "threshold": THRESHOLD,
        "can_create": _designable_questionnaires(request.user).exists()})


def campaign_create(request):
    questionnaires = _designable_questionnaires(request.user)
    if not questionnaires.exists():
        raise PermissionDenied(NOT_DESIGNER)
    initial = {"questionnaire": questionnaires.filter(
        slug=request.GET.get("questionnaire", "")).first()}
    form = CampaignForm(request.POST or None, user=request.user, questionnaires=questionnaires,
                        initial=initial)
    if request.method == "POST" and form.is_valid():
        campaign = form.save(commit=False)
        campaign.slug = survey_slug(campaign.title, Campaign)
        campaign.created_by = request.user
        campaign.save()
        form.save_m2m()
        messages.success(request, f"Campagne « {campaign.title} » créée.")
        return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": None})


def campaign_edit(request, slug: str):
    campaign = _readable(request, slug)
    group_id = campaign.questionnaire.group_id
    if not can_design(request.user, group_id):
        raise PermissionDenied(NOT_DESIGNER)
    questionnaires = Questionnaire.objects.filter(pk=campaign.questionnaire_id)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user,
                        questionnaires=questionnaires, initial={"within": campaign.within})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Campagne enregistrée.")
        return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": campaign})


def campaign_detail(request, slug: str):
    campaign = _readable(request, slug)
    group_id = campaign.questionnaire.group_id
    reader = can_read_answers(request.user, group_id)
    followup = campaign_followup(campaign, reader=reader)
    context = {"campaign": campaign, "followup": followup, "threshold": THRESHOLD,
               "open": campaign_is_open(campaign), "can_edit": can_design(request.user, group_id),
               "can_collect": can_collect(request.user, campaign),
               "collectors": campaign.collectors.order_by("username"),
               "chart": {"jours": followup.chart_data(), "titre": campaign.title},
               "zone_map": _zone_map(campaign, followup)}
    if campaign.public_token:
        url = public_url(request, campaign)
        context.update(public_url=url,
                       qr_svg=segno.make(url, error="m").svg_inline(scale=4, title=(
                           "Code QR du lien public de l'enquête")))
    return render(request, "surveys/campaign.html", context)


urlpatterns = [
    path("campagnes/", campaign_list, name="campaigns"),
    path("campagnes/nouvelle/", campaign_create, name="campaign_create"),
    path("campagnes/<slug:slug>/", campaign_detail, name="campaign"),
    path("campagnes/<slug:slug>/modifier/", campaign_edit, name="campaign_edit"),
    *erase.urlpatterns,
]
