from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "terreau.accounts"
    label = "accounts"
    verbose_name = "Comptes et groupes"

    def ready(self) -> None:
        # `dans=vecu:<pk>` names a group's own territory everywhere a territory is chosen:
        # territory cannot import accounts, so accounts tells it how (territory/within.py).
        from terreau.territory.within import within_kind_register

        from .models import WITHIN_PREFIX
        from .queries import group_territory_choices, group_territory_within

        within_kind_register(WITHIN_PREFIX, resolve=group_territory_within,
                             choices=group_territory_choices)
