from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "terreau.accounts"
    label = "accounts"
    verbose_name = "Comptes et groupes"
