"""Write use cases of indicators: create and update, with the formula checked first."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from terreau.accounts.models import TerritorialGroup
from terreau.catalog.choices import VariableKind

from .choices import Direction
from .formula import FormulaError
from .models import Indicator
from .queries import formula_read, indicator_can_edit

MAX_DECIMALS = 6
NO_PERMISSION = "Vous n'avez pas le droit de créer ou de modifier cet indicateur."
NOT_A_MEMBER = "Vous ne faites pas partie du groupe « {group} »."
SLUG_TAKEN = "L'identifiant « {slug} » est déjà pris."
DECIMALS_RANGE = f"Le nombre de décimales va de 0 à {MAX_DECIMALS}."


def _check_group(group: TerritorialGroup | None, user) -> None:
    if group is None or user.is_superuser:
        return
    if not user.memberships.filter(group=group).exists():
        raise ValidationError({"owner_group": NOT_A_MEMBER.format(group=group.name)})


def _apply(indicator: Indicator, *, formula: str, user, fields: dict) -> Indicator:
    """Check the formula against the variables the user sees, then save with its variables."""
    try:
        _, variables = formula_read(formula, user)
    except FormulaError as error:
        raise ValidationError({"formula": str(error)}) from None
    decimals = fields.get("decimals", indicator.decimals)
    if not 0 <= int(decimals) <= MAX_DECIMALS:
        raise ValidationError({"decimals": DECIMALS_RANGE})
    _check_group(fields.get("owner_group"), user)
    slug = fields.get("slug", indicator.slug)
    if Indicator.objects.filter(slug=slug).exclude(pk=indicator.pk).exists():
        raise ValidationError({"slug": SLUG_TAKEN.format(slug=slug)})
    indicator.formula = formula.strip()
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    with transaction.atomic():
        indicator.save()
        indicator.variables.set(variables.values())
    return indicator


def indicator_create(*, slug: str, label: str, formula: str, unit: str = "",
                     kind: str = VariableKind.RATE, decimals: int = 1,
                     direction: str = Direction.NEUTRAL, definition: str = "",
                     owner_group: TerritorialGroup | None = None, user) -> Indicator:
    """Create an indicator whose formula names variables the user may see.

    Raise PermissionDenied without the right (facilitator, steward, admin), ValidationError
    (French, per field) for a faulty formula, a taken slug or a group the user is not in.
    """
    if not indicator_can_edit(None, user):
        raise PermissionDenied(NO_PERMISSION)
    # The command line acts as an unsaved operator: no author to record then.
    indicator = Indicator(created_by=user if user.pk else None)
    return _apply(indicator, formula=formula, user=user, fields={
        "slug": slug, "label": label, "unit": unit, "kind": kind, "decimals": decimals,
        "direction": direction, "definition": definition, "owner_group": owner_group})


def indicator_update(*, indicator: Indicator, user, formula: str | None = None,
                     **fields) -> Indicator:
    """Change an indicator; the same checks as at its creation."""
    if not indicator_can_edit(indicator, user):
        raise PermissionDenied(NO_PERMISSION)
    allowed = {"slug", "label", "unit", "kind", "decimals", "direction", "definition",
               "owner_group"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"champs inconnus : {', '.join(sorted(unknown))}")
    return _apply(indicator, formula=indicator.formula if formula is None else formula,
                  user=user, fields=fields)
