"""Sign-in records: which identity-provider account a user is, where the provider's roles and a
coordinator's local settings disagree, and the invitations that bring a person into a municipality."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.organisations.models import Membership, Municipality, Partner, Role, TenantQuerySet, Unit


class SsoIdentity(models.Model):
    """A user's account at the identity provider: the issuer and the subject it gives the user.
    Signing in again with the same subject is the same Värn user, even if the e-mail changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_identities"
    )
    issuer = models.CharField(_("identitetsutfärdare"), max_length=300)
    subject = models.CharField(_("identitet hos utfärdaren"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("senaste inloggning"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konto hos identitetsutfärdare")
        verbose_name_plural = _("konton hos identitetsutfärdare")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"


class SsoNoticeQuerySet(TenantQuerySet):
    def open(self) -> SsoNoticeQuerySet:
        return self.filter(resolved_at__isnull=True)


class SsoNotice(models.Model):
    """The identity provider said one thing about a user's role, a coordinator had set another.
    Värn keeps the coordinator's setting and shows the difference here until someone has looked."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claimed = models.CharField(_("enligt kommunens katalog"), max_length=300)
    local = models.CharField(_("satt i Värn"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(_("senast sedd"), auto_now=True)
    resolved_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SsoNoticeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name = _("avvikelse vid enkel inloggning")
        verbose_name_plural = _("avvikelser vid enkel inloggning")
        indexes = [models.Index(fields=["municipality", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.claimed} / {self.local}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(TenantQuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mail invitation to a municipality with a role. The link holds a random token; only its
    hash is stored, so the table alone opens no door. Single use, and valid for
    VARN_INVITATION_DAYS days."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-post"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("förvaltning")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samverkanspart"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"))
    accepted_at = models.DateTimeField(_("antagen"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        indexes = [models.Index(fields=["municipality", "email"])]

    def __str__(self) -> str:
        return f"{self.email} – {self.municipality} ({self.get_role_display()})"

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        return (
            cls.objects.select_related("municipality", "unit", "partner")
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return not self.is_used and self.expires_at <= timezone.now()

    @property
    def problem(self) -> str:
        """Why the link can no longer be used, in Swedish; "" while it can."""
        if self.is_used:
            return gettext(
                "Inbjudan har redan använts. Logga in som vanligt, eller be samordnaren om en ny inbjudan."
            )
        if self.is_expired:
            return gettext("Inbjudan har gått ut. Be kommunens samordnare att skicka en ny.")
        return ""

    def organisation_label(self) -> str:
        return str(self.unit or self.partner or "")
