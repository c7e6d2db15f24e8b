"""Set the provider up: `python -m tests.oidc_provider.bootstrap CLIENT_ID SECRET URI [URI...] -- USER:PASSWORD ...`
migrates its database, registers Värn as a confidential client with its redirect URIs, and makes users."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    split = argv.index("--") if "--" in argv else len(argv)
    client_id, secret, *uris = argv[:split]
    call_command("migrate", verbosity=0)
    app, _ = Application.objects.get_or_create(
        client_id=client_id,
        defaults={
            "name": "Värn",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
            "client_secret": secret,
        },
    )
    app.redirect_uris = " ".join(sorted(set(app.redirect_uris.split()) | set(uris)))
    # After signing out at the provider, the browser goes back to Värn's sign-in page.
    app.post_logout_redirect_uris = " ".join(
        sorted({u.replace("/sso/callback/", "/logga-in/") for u in uris})
    )
    app.save(update_fields=["redirect_uris", "post_logout_redirect_uris"])
    User = get_user_model()
    for pair in argv[split + 1 :]:
        username, password = pair.split(":", 1)
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.save()


if __name__ == "__main__":
    main(sys.argv[1:])
