"""Checks of the sign-in settings, run by `manage.py check` and at start-up."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def two_factor_roles(app_configs, **kwargs) -> list[Error]:
    from varn.organisations.models import Role

    unknown = [role for role in settings.VARN_REQUIRE_TWO_FACTOR if role not in Role.values]
    if not unknown:
        return []
    return [
        Error(
            f"VARN_REQUIRE_TWO_FACTOR names roles Värn does not have: {', '.join(unknown)}.",
            hint=f"Use one or more of: {', '.join(Role.values)}, separated by commas.",
            id="varn.E001",
        )
    ]
