import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsFromFile(OAuth2Validator):
    """Claims per user name from claims.json in the provider's directory, read at every request so
    that a test can change what the directory says between two sign-ins."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "varn_roles": "varn",
        "groups": "varn",
        "email_verified": "email",
    }

    def get_additional_claims(self, request):
        path = settings.DIR / "claims.json"
        claims = json.loads(path.read_text()) if path.exists() else {}
        return claims.get(request.user.get_username(), {})
