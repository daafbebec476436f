"""The mobile form: consent first, then the questions one section per screen with skip logic
and checks, an offline queue of completed answers, and the receipt code.

The page carries everything the form needs (definition, consent texts, zones) so that once
cached by the service worker (sw.js, served here so its scope covers /enquetes/) it reopens
without network; answers leave through the submission API (api_collect.py).
"""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..models import Campaign
from ..queries import campaign_get_visible, can_collect
from ..submissions import campaign_is_open, campaign_zones

COLLECT_REFUSAL = "Seules les personnes qui recueillent les réponses de cette campagne " \
                  "ouvrent ce formulaire."
# What the service worker keeps so that the form opens without network.
ASSETS = ("terreau/terreau.css", "terreau/css/survey-form.css", "terreau/favicon.svg",
          "terreau/js/surveys/form.js", "terreau/js/surveys/queue.js",
          "terreau/js/surveys/expressions.js", "vendor/htmx.min.js")


def cache_name() -> str:
    """The service worker's cache, named after the files it keeps: a new version of any of
    them changes sw.js, so phones install it and drop the old copies."""
    digest = hashlib.sha256()
    for asset in ASSETS:
        found = finders.find(asset)
        if found:
            with open(found, "rb") as file:
                digest.update(file.read())
    return f"terreau-enquetes-{digest.hexdigest()[:12]}"


def zones_offered(campaign: Campaign) -> list[dict]:
    """The zones a respondent may pick: those the submission API accepts, by name."""
    zones = campaign_zones(campaign).order_by("name", "code").values_list("code", "name")
    return [{"code": code, "name": name} for code, name in zones]


def _erase_url(request) -> str:
    try:
        return request.build_absolute_uri(reverse("surveys:erase"))
    except NoReverseMatch:  # the erasure page lives in views/campaigns.py
        return request.build_absolute_uri("/enquetes/effacer/")


def _form_page(request, campaign: Campaign, submit_url: str, public: bool):
    version = campaign.questionnaire.latest_version()
    if version is None:
        raise Http404("Ce questionnaire n'a pas encore de version.")
    setup = {
        "campagne": campaign.slug,
        "titre": campaign.title,
        "version": version.number,
        "definition": version.definition,
        "zones": zones_offered(campaign),
        "envoi": submit_url,
        "effacer": _erase_url(request),
        "public": public,
        # The public link answers only while the campaign is open (the API says the same).
        "close": not campaign_is_open(campaign) if public else campaign.closed_at is not None,
        "consentement": {
            "qui": campaign.collected_by, "pourquoi": campaign.purpose,
            "publication": campaign.publication, "conservation": campaign.retention,
            "contact": campaign.contact,
        },
        "sw": reverse("surveys:service_worker"),
        "cache": cache_name(),
        "fichiers": [request.path, *(static(asset) for asset in ASSETS)],
    }
    return render(request, "surveys/collect.html", {
        "campaign": campaign, "version": version, "setup": setup, "public": public,
        "erase_url": setup["effacer"],
    })


@require_GET
def collect_view(request, slug):
    campaign = campaign_get_visible(slug=slug, user=request.user)
    if campaign is None:
        raise Http404("Campagne introuvable.")
    if not can_collect(request.user, campaign):
        raise PermissionDenied(COLLECT_REFUSAL)
    submit_url = f"/api/v1/enquetes/campagnes/{campaign.slug}/reponses"
    return _form_page(request, campaign, submit_url, public=False)


@login_not_required
@require_GET
def collect_public_view(request, token):
    campaign = Campaign.objects.select_related("questionnaire").filter(
        public_token=token).first() if token else None
    if campaign is None:
        raise Http404("Ce lien d'enquête n'existe pas ou n'est plus ouvert.")
    submit_url = f"/api/v1/enquetes/r/{token}/reponses"
    return _form_page(request, campaign, submit_url, public=True)


@login_not_required
@require_GET
@never_cache
def service_worker_view(request):
    """The service worker, served under /enquetes/ so that it may control the form pages."""
    script = render_to_string("surveys/sw.js", {"static_prefix": static(""),
                                                "cache_name": cache_name()})
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("surveys:service_worker").rsplit("/", 1)[0] + "/"
    return response


urlpatterns = [
    path("sw.js", service_worker_view, name="service_worker"),
    path("collecte/<slug:slug>/", collect_view, name="collect"),
    path("r/<str:token>/", collect_public_view, name="collect_public"),
]
