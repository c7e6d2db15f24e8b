"""Sign-in records: which identity-provider account a user is, and where the provider's roles and a
coordinator's local settings disagree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.organisations.models import Membership, Municipality, TenantQuerySet


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
