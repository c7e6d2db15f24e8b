from django.conf import settings
from django.http import HttpRequest


def sign_in(request: HttpRequest) -> dict:
    """Whether the sign-in page offers single sign-on, and with which words."""
    return {
        "sso_enabled": settings.VARN_OIDC_ENABLED,
        "sso_label": settings.VARN_OIDC_BUTTON_LABEL,
    }
