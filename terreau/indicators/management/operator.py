"""Who the indicator commands act as: the instance's operator."""

from django.contrib.auth import get_user_model


def command_line_user():
    """Return an unsaved superuser standing for whoever runs `terreau` on the server.

    Shell access is database access: the commands see every dataset, like an administrator,
    and record no author. Files still follow the export rule (open and shared data only).
    """
    return get_user_model()(username="terreau", is_superuser=True, is_active=True)
