"""The secret update link of a structure, the proposals of those who may not change it
directly, their review by the structure's stewards, and the history (see records.py).

The secret link's token is shown once to the steward who makes it; only its sha256 is stored,
so nobody can read a link back from the database. Looking a token up finds the row by its
hash (a hash reveals nothing about the token) and the hashes are compared again in constant
time. How often a token may be tried is not limited here (the web server's job).
"""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .choices import ChangeVia, ProposalStatus
from .models import ChangeProposal, ChangeRecord, Structure
from .queries import can_import, groups_stewarded_by, is_any_steward
from .records import (
    UPDATE_LINK,
    RecordError,
    changes_check,
    json_value,
    plan_apply,
    require_steward,
)

# ---- The secret update link ---------------------------------------------------------------

def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def secret_link_create(structure: Structure, *, user=None) -> str:
    """A new secret token for the structure's staff, returned once; it replaces the old one."""
    if user is not None:
        require_steward(user, structure)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        ChangeRecord.objects.create(
            structure=structure, via=ChangeVia.FORM, by=user,
            note="Nouveau lien de mise à jour (l'ancien ne marche plus)",
            changes={UPDATE_LINK: ["ancien lien" if structure.update_token_hash else None,
                                   "nouveau lien"]})
        structure.update_token_hash = token_hash(token)
        structure.save(update_fields=["update_token_hash", "updated_at"])
    return token


def secret_link_remove(structure: Structure, *, user) -> None:
    require_steward(user, structure)
    if not structure.update_token_hash:
        return
    with transaction.atomic():
        ChangeRecord.objects.create(structure=structure, via=ChangeVia.FORM, by=user,
                                    note="Lien de mise à jour supprimé",
                                    changes={UPDATE_LINK: ["ancien lien", None]})
        structure.update_token_hash = ""
        structure.save(update_fields=["update_token_hash", "updated_at"])


def structure_for_token(token: str) -> Structure | None:
    """The structure whose secret link this is, or None (unknown, replaced or removed)."""
    if not token or len(token) > 100:
        return None
    wanted = token_hash(token)
    structure = Structure.objects.filter(update_token_hash=wanted).first()
    if structure is None or not hmac.compare_digest(structure.update_token_hash, wanted):
        return None
    return structure


# ---- Proposals and their review -----------------------------------------------------------

def proposal_create(structure: Structure, changes: dict, *, via: str, user=None,
                    name: str = "", message: str = "") -> ChangeProposal:
    """Changes waiting for a steward's review; checked now so that the proposer sees what is
    wrong (and checked again when accepted). Values equal to the record's are dropped."""
    plan = changes_check(structure, changes)
    message = (message or "").strip()
    if plan.empty and not message:
        raise RecordError("Rien n'a changé : modifiez un champ ou laissez un message.")
    kept = {"structure": {n: json_value(a) for n, (_, a) in plan.structure_changes.items()},
            "services": {str(s.pk): {n: json_value(a) for n, (_, a) in changed.items()}
                         for s, changed in plan.services if changed}}
    return ChangeProposal.objects.create(
        structure=structure, changes=kept, message=message[:5000], via=via,
        proposed_by=user if user is not None and user.is_authenticated else None,
        proposer_name=(name or "").strip()[:200])


def proposals_to_review(user) -> QuerySet[ChangeProposal]:
    """The pending proposals the user may accept or refuse, oldest first."""
    pending = (ChangeProposal.objects.filter(status=ProposalStatus.PENDING)
               .select_related("structure", "proposed_by").order_by("created_at", "pk"))
    if can_import(user, None):
        return pending
    if not is_any_steward(user):
        return pending.none()
    return pending.filter(Q(structure__group__in=groups_stewarded_by(user))
                          | Q(structure__group__isnull=True))


def proposer_label(proposal: ChangeProposal) -> str:
    who = (proposal.proposed_by.get_full_name() or proposal.proposed_by.get_username()
           if proposal.proposed_by else "")
    name = proposal.proposer_name or who or "personne anonyme"
    if proposal.via == ChangeVia.SECRET_LINK:
        return f"{name} (lien de mise à jour de la structure)"
    return name


def _reviewable(proposal: ChangeProposal, user) -> None:
    require_steward(user, proposal.structure)
    if proposal.status != ProposalStatus.PENDING:
        raise RecordError("Cette proposition a déjà été relue.")


def _reviewed(proposal: ChangeProposal, status: str, user, note: str) -> None:
    proposal.status = status
    proposal.reviewed_by = user
    proposal.reviewed_at = timezone.now()
    proposal.review_note = (note or "").strip()
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])


def proposal_approve(proposal: ChangeProposal, user, note: str = "") -> list[ChangeRecord]:
    """Apply a proposal (checked again against the record as it is now) and close it."""
    _reviewable(proposal, user)
    plan = changes_check(proposal.structure, proposal.changes)
    text = f"Proposition n° {proposal.pk} de {proposer_label(proposal)}"
    with transaction.atomic():
        records = plan_apply(plan, user=user, via=ChangeVia.REVIEW, note=text)
        _reviewed(proposal, ProposalStatus.APPROVED, user, note)
    return records


def proposal_reject(proposal: ChangeProposal, user, note: str = "") -> None:
    """Refuse a proposal: nothing of it is written to the record."""
    _reviewable(proposal, user)
    _reviewed(proposal, ProposalStatus.REJECTED, user, note)


def history(structure: Structure) -> QuerySet[ChangeRecord]:
    """Every change of the structure and of its services, the latest first."""
    return structure.history.select_related("service", "by").order_by("-at", "-pk")
