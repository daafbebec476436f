"""The directory: structures and the services they offer, in the national data·inclusion v1
model (fields named as in its schema, so that imports and exports round-trip), the value lists
of that model, the changes proposed by outsiders and the history of every change, and the
skills members and structures bring.

Directory records are public information about public services: every signed-in person reads
them. A structure is kept by a group (`group`) or by the whole instance (national imports);
its stewards change it, others propose changes that wait for their review (records.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .choices import ChangeVia, ProposalStatus, VocabularyKind


class Vocabulary(models.Model):
    """One value of a data·inclusion list ("numerique--acceder-a-du-materiel"), or a theme a
    group added for a need the national list does not name (`group` set, `national` False)."""

    kind = models.CharField("liste", max_length=40, choices=VocabularyKind.choices)
    value = models.CharField("valeur", max_length=150)
    label = models.CharField("libellé", max_length=300)
    description = models.TextField("description", blank=True)
    national = models.BooleanField("liste nationale", default=True)
    group = models.ForeignKey("accounts.TerritorialGroup", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="directory_themes",
                              verbose_name="groupe (thème propre)")

    class Meta:
        verbose_name = "valeur de liste"
        verbose_name_plural = "valeurs de listes"
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="vocabulary_unique_value"),
        ]

    def __str__(self) -> str:
        return self.label


class Structure(models.Model):
    """A place or organisation (association, centre social, CCAS, France services...)."""

    # Identity in its source (data·inclusion `source` + `id`), unique together.
    source = models.CharField("source", max_length=100)
    source_id = models.CharField("identifiant dans la source", max_length=200)
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    nom = models.CharField("nom", max_length=300)
    description = models.TextField("description", blank=True)
    adresse = models.CharField("adresse", max_length=300, blank=True)
    complement_adresse = models.CharField("complément d'adresse", max_length=300, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    code_insee = models.CharField("code INSEE de la commune", max_length=5, blank=True,
                                  db_index=True)
    commune = models.CharField("commune", max_length=200, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    # True when the position is the commune's centre (no address geocoded).
    position_approximate = models.BooleanField("position approximative", default=False)
    telephone = models.CharField("téléphone", max_length=50, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    site_web = models.URLField("site web", max_length=500, blank=True)
    lien_source = models.URLField("lien vers la source", max_length=500, blank=True)
    horaires_accueil = models.CharField("horaires (format OpenStreetMap)", max_length=500,
                                        blank=True)
    accessibilite_lieu = models.URLField("accessibilité du lieu (lien Acceslibre)",
                                         max_length=500, blank=True)
    reseaux_porteurs = models.JSONField("réseaux porteurs", default=list, blank=True)
    date_maj = models.DateField("mise à jour (dans la source)")
    extra = models.JSONField("autres champs de la source", default=dict, blank=True)
    group = models.ForeignKey("accounts.TerritorialGroup", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="structures",
                              verbose_name="groupe qui la tient à jour")
    example = models.BooleanField("exemple (fictif)", default=False)
    closed_on = models.DateField("fermée le", null=True, blank=True)
    # Hash of the secret update link's token (records.py); the token itself is never stored.
    update_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "structure"
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"],
                                    name="structure_unique_source_id"),
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("directory:structure", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class Service(models.Model):
    """A service a structure offers (data·inclusion v1 "service")."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE,
                                  related_name="services")
    source = models.CharField("source", max_length=100)
    source_id = models.CharField("identifiant dans la source", max_length=200)
    nom = models.CharField("nom", max_length=300)
    description = models.TextField("description", blank=True)
    type = models.CharField("type", max_length=60, blank=True)
    thematiques = models.JSONField("thématiques", default=list, blank=True)
    publics = models.JSONField("publics", default=list, blank=True)
    publics_precisions = models.TextField("précisions sur les publics", blank=True)
    conditions_acces = models.TextField("conditions d'accès", blank=True)
    frais = models.CharField("frais", max_length=40, blank=True)
    frais_precisions = models.TextField("précisions sur les frais", blank=True)
    modes_accueil = models.JSONField("modes d'accueil", default=list, blank=True)
    modes_mobilisation = models.JSONField("modes de mobilisation", default=list, blank=True)
    mobilisable_par = models.JSONField("qui peut mobiliser", default=list, blank=True)
    mobilisation_precisions = models.TextField("précisions sur la mobilisation", blank=True)
    lien_mobilisation = models.URLField("lien de mobilisation", max_length=500, blank=True)
    # Codes of communes (5), départements (2–3), EPCI (9): where people must live.
    zone_eligibilite = models.JSONField("zone d'éligibilité", default=list, blank=True)
    # The service's own place when it differs from the structure's (else empty/None).
    adresse = models.CharField("adresse", max_length=300, blank=True)
    complement_adresse = models.CharField("complément d'adresse", max_length=300, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    code_insee = models.CharField("code INSEE", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=200, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    latitude = models.FloatField("latitude", null=True, blank=True)
    telephone = models.CharField("téléphone", max_length=50, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    contact_nom_prenom = models.CharField("contact", max_length=200, blank=True)
    horaires_accueil = models.CharField("horaires (format OpenStreetMap)", max_length=500,
                                        blank=True)
    lien_source = models.URLField("lien vers la source", max_length=500, blank=True)
    date_maj = models.DateField("mise à jour (dans la source)")
    extra = models.JSONField("autres champs de la source", default=dict, blank=True)
    closed_on = models.DateField("fermé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "service"
        ordering = ["nom", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"],
                                    name="service_unique_source_id"),
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("directory:service", args=[self.pk])


class ChangeProposal(models.Model):
    """A change of a structure (and its services) by someone who may not change it directly:
    its staff through the secret link, or a member; a steward accepts or refuses it."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE,
                                  related_name="proposals")
    # {"structure": {field: new value}, "services": {service pk: {field: new value}}}
    changes = models.JSONField("changements proposés")
    message = models.TextField("message", blank=True)
    via = models.CharField(max_length=20, choices=ChangeVia.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposer_name = models.CharField("nom donné", max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField("réponse", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "proposition de modification"
        verbose_name_plural = "propositions de modification"
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"Modification de « {self.structure} » ({self.get_status_display()})"


class ChangeRecord(models.Model):
    """One change of a structure or service, as it was applied: who, when, how, before/after."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE,
                                  related_name="history")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="history")
    # {field: [before, after]}
    changes = models.JSONField("changements")
    via = models.CharField(max_length=20, choices=ChangeVia.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("note", max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "modification"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.structure} — {self.at:%d/%m/%Y}"


class Skill(models.Model):
    """A skill of the shared list ("interprétariat", "aide numérique", "garde d'enfants")."""

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    label = models.CharField("compétence", max_length=150)
    description = models.CharField("précisions", max_length=300, blank=True)

    class Meta:
        verbose_name = "compétence"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class SkillOffer(models.Model):
    """Someone (a member) or a structure declares they can bring a skill, within a group."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="offers")
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="skill_offers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.CASCADE, related_name="skill_offers")
    structure = models.ForeignKey(Structure, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="skill_offers")
    details = models.CharField("précisions", max_length=300, blank=True)
    # Where the help is given (a commune, an IRIS...), for "who can help with X near Y".
    zone = models.ForeignKey("territory.Zone", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "compétence proposée"
        verbose_name_plural = "compétences proposées"
        ordering = ["skill", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(structure__isnull=False),
                name="skill_offer_has_someone"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} — {self.person or self.structure}"


class GapMap(models.Model):
    """A group's map of needs without answers: a theme of services against a need per zone.

    `need` (gap.py): {"kind": "indicator", "indicator": slug} or {"kind": "survey",
    "questionnaire": slug, "variable": "besoins/demarches"} (share citing it) or
    {"kind": "profile", "analysis": slug, "profile": 2} (share in that profile).
    """

    slug = models.SlugField("identifiant", max_length=80, unique=True)
    title = models.CharField("titre", max_length=200)
    group = models.ForeignKey("accounts.TerritorialGroup", on_delete=models.CASCADE,
                              related_name="gap_maps", verbose_name="groupe")
    theme = models.CharField("thématique des services", max_length=150)
    need = models.JSONField("besoin")
    level = models.CharField("niveau des zones", max_length=20)
    within = models.CharField("territoire (valeur de « dans »)", max_length=40, blank=True)
    # The offer per zone, once published to the atlas (counts and distances as indicators).
    dataset = models.ForeignKey("catalog.Dataset", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    example = models.BooleanField("exemple", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "carte des besoins sans réponse"
        verbose_name_plural = "cartes des besoins sans réponse"
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:gap_map", args=[self.slug])
