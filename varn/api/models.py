"""Personal API tokens: created and revoked by their owner on the profile page.

A token is shown once, when it is created; only its SHA-256 hash is stored (the secret has 256 bits
of randomness, so a fast hash is enough: there is nothing to guess, see ADR 0095). The public
`prefix` names the token in lists and finds its row without a scan."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TOKEN_START = "varn_"
# A token is used at most this often before its last use is written down again.
LAST_USED_EVERY = datetime.timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now: datetime.datetime | None = None) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def of(self, user) -> ApiTokenQuerySet:
        return self.filter(user=user)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Läsa")
        READ_WRITE = "read_write", _("Läsa och ändra")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("början av nyckeln"), max_length=24, unique=True)
    key_hash = models.CharField(max_length=64)
    scope = models.CharField(_("behörighet"), max_length=20, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("gäller till"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    # The last use is written with update() and is no one's change: not in the audit trail.
    history = HistoricalRecords(excluded_fields=["last_used_at", "key_hash"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(cls, *, user, name: str, scope: str, expires_on: datetime.date) -> tuple[ApiToken, str]:
        """Create a token; returns it with the whole key, which is never shown again."""
        prefix = TOKEN_START + secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        key = f"{prefix}.{secret}"
        expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
        token = cls(
            user=user, name=name, prefix=prefix, key_hash=_hash(key), scope=scope, expires_at=expires_at
        )
        token._history_user = user  # type: ignore[attr-defined]
        token.save()
        return token, key

    @classmethod
    def find(cls, key: str) -> ApiToken | None:
        """The active token with this key, or None."""
        prefix, dot, _secret = key.partition(".")
        if not dot or not prefix.startswith(TOKEN_START):
            return None
        token = cls.objects.active().select_related("user").filter(prefix=prefix).first()
        if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
            return None
        if not token.user.is_active:
            return None
        return token

    def note_use(self) -> None:
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    def revoke(self, *, by) -> None:
        if self.revoked_at is not None:
            return
        self.revoked_at = timezone.now()
        self._history_user = by  # type: ignore[attr-defined]
        self.save(update_fields=["revoked_at"])
