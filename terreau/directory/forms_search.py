"""The search form of the directory (page, sheet and API read the same GET parameters).

Every field is optional and named in French, so that a search is a shareable address:
/annuaire/?theme=numerique&gratuit=1&adresse=1+rue+Nationale+Tours. The address is geocoded
(national address service, cached a day); without an address, a zone's centre is the point
distances are measured from.
"""

import hashlib

from django import forms
from django.core.cache import cache

from terreau.territory.models import Zone
from terreau.territory.queries import zone_resolve_within, zone_search

from .geocode import commune_centre, geocode_address
from .search import MODES, SCOPE_BOTH, SCOPES, Filters, theme_choices, zone_centre
from .vocabularies import vocabulary

GEOCODE_CACHE_SECONDS = 24 * 3600
ZONE_LEVELS = ("commune", "iris", "departement", "region", "epci", "qpv")


def resolve_zone(text: str) -> Zone | None:
    """A zone from a code ("37261", "iris:372610101", "departement:37") or a name ("Tours")."""
    text = (text or "").strip()
    if not text:
        return None
    zone = zone_resolve_within(text)
    if zone is None:
        found = [z for z in zone_search(query=text, limit=10) if z.level in ZONE_LEVELS]
        zone = found[0] if found else None
    return Zone.objects.filter(pk=zone.pk).first() if zone is not None else None


def geocode_cached(address: str) -> tuple[float, float, str] | None:
    key = "terreau:directory-geocode:" + hashlib.sha256(address.lower().encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        result = geocode_address(address)
        found = list(result) if result else []
        cache.set(key, found, GEOCODE_CACHE_SECONDS)
    return tuple(found) if found else None


def place_of_zone(zone: Zone) -> tuple[float, float] | None:
    if zone.level == "commune":
        centre = commune_centre(zone.code)
        if centre:
            return centre
    return zone_centre(zone)


class SearchForm(forms.Form):
    q = forms.CharField(label="Mots", required=False, max_length=200,
                        help_text="dans le nom, la description, la structure, la commune")
    theme = forms.ChoiceField(label="Thème", required=False)
    public = forms.ChoiceField(label="Public", required=False)
    gratuit = forms.BooleanField(label="Gratuit seulement", required=False)
    mode = forms.ChoiceField(label="Accueil", required=False,
                             choices=[("", "Sur place ou à distance"), *MODES.items()])
    ouvert = forms.BooleanField(label="Ouvert maintenant", required=False)
    zone = forms.CharField(label="Zone", required=False, max_length=100,
                           help_text="commune, IRIS ou département : nom ou code INSEE")
    portee = forms.ChoiceField(label="Services de la zone", required=False,
                               choices=list(SCOPES.items()), initial=SCOPE_BOTH,
                               widget=forms.RadioSelect)
    adresse = forms.CharField(label="Près de l'adresse", required=False, max_length=200,
                              help_text="les résultats sont classés du plus proche au plus loin")
    rayon = forms.FloatField(label="Dans un rayon de (km)", required=False, min_value=0.1,
                             max_value=1000)
    fermes = forms.BooleanField(label="Montrer aussi les lieux fermés", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Tous les thèmes"), *theme_choices()]
        self.fields["public"].choices = [("", "Tous les publics"),
                                         *vocabulary("publics").items()]
        self.geocoded_label = ""

    def clean_zone(self):
        text = self.cleaned_data.get("zone", "").strip()
        zone = resolve_zone(text)
        if text and zone is None:
            raise forms.ValidationError(
                f"Zone inconnue : « {text} ». Tapez le nom d'une commune ou d'un IRIS, ou un "
                "code INSEE (37261, 37).")
        return zone

    def clean(self):
        data = super().clean()
        address = (data.get("adresse") or "").strip()
        data["origin"] = None
        if address:
            found = geocode_cached(address)
            if found is None:
                self.add_error("adresse", "Adresse introuvable (ou service des adresses "
                                          "injoignable) : précisez la commune, ou choisissez "
                                          "une zone.")
            else:
                data["origin"], self.geocoded_label = (found[0], found[1]), found[2]
        elif data.get("zone") is not None:
            data["origin"] = place_of_zone(data["zone"])
        if data.get("rayon") and data["origin"] is None and not self.has_error("adresse"):
            self.add_error("rayon", "Un rayon demande une adresse ou une zone.")
        return data

    def filters(self) -> Filters:
        """The filters of the valid fields (an invalid field is shown and ignored)."""
        data = getattr(self, "cleaned_data", {}) or {}
        origin = data.get("origin")
        return Filters(
            theme=data.get("theme") or "", public=data.get("public") or "",
            free=bool(data.get("gratuit")), mode=data.get("mode") or "",
            open_now=bool(data.get("ouvert")), text=(data.get("q") or "").strip(),
            zone=data.get("zone"), zone_scope=data.get("portee") or SCOPE_BOTH,
            origin=origin, radius_km=data.get("rayon") if origin else None,
            closed=bool(data.get("fermes")))


def search_form(params) -> tuple[SearchForm, Filters]:
    """Bind the GET parameters; invalid fields are left out of the filters."""
    if params is not None and not params.get("portee"):
        params = params.copy()  # a shared address without a scope shows the default one ticked
        params["portee"] = SCOPE_BOTH
    form = SearchForm(params)
    form.is_valid()
    return form, form.filters()
