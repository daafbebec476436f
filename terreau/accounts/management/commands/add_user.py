"""`terreau add-user USERNAME --group SLUG --role ROLE`: create a user or change their role."""

from django.core.management.base import BaseCommand

from terreau.accounts.roles import Role
from terreau.accounts.services import AccountsError, user_add_to_group
from terreau.core.management.errors import Erreur


class Command(BaseCommand):
    help = (
        "Crée un compte (ou le met à jour) et lui donne un rôle dans un groupe. Sans "
        "--password, un nouveau compte reçoit un mot de passe généré, affiché une seule fois. "
        "Le rôle admin donne aussi l'accès à l'administration (staff et superutilisateur)."
    )

    def add_arguments(self, parser):
        roles = "|".join(Role.values)
        parser.add_argument("username", help="identifiant de connexion")
        parser.add_argument("--group", required=True, help="identifiant (slug) du groupe")
        parser.add_argument("--role", required=True, help=f"rôle dans le groupe : {roles}")
        parser.add_argument("--password", help="mot de passe (sinon généré pour un nouveau compte)")
        parser.add_argument("--email", help="adresse électronique")

    def handle(self, *args, username, group, role, password, email, **options):
        try:
            result = user_add_to_group(
                username=username, group_slug=group, role=role, password=password, email=email
            )
        except AccountsError as error:
            raise Erreur(str(error)) from error
        membership = result.membership
        verb = "créé" if result.user_created else "mis à jour"
        self.stdout.write(self.style.SUCCESS(
            f"Compte « {result.user.username} » {verb} : {membership.get_role_display()} "
            f"du groupe « {membership.group.name} »."
        ))
        if result.password and not password:
            self.stdout.write(
                f"Mot de passe : {result.password}  (notez-le : il ne sera plus affiché)"
            )
