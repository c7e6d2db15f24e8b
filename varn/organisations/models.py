"""The tenant (Municipality), the organisations that act in it, and who may do what there."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.core.locking import Locked
from varn.core.pagecache import new_stamp

from .registry import by_code, slugify_name

if TYPE_CHECKING:
    from varn.programs.models import Measure


class MunicipalityQuerySet(models.QuerySet):
    def for_user(self, user) -> MunicipalityQuerySet:
        return self.filter(memberships__user=user, memberships__is_active=True).distinct()

    def real(self) -> MunicipalityQuerySet:
        return self.filter(is_demo=False)


class Municipality(models.Model):
    """A Swedish municipality: the tenant. Every other row belongs to exactly one."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=60, unique=True)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden har fyra siffror, t.ex. 1489."))],
    )
    is_demo = models.BooleanField(_("demodata"), default=False)
    hourly_cost = models.DecimalField(
        _("timkostnad (kr)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("450.00"),
        help_text=_("Kostnad per arbetstimme, används för att värdera nedlagd tid."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Replaced whenever the municipality's data changes; cached pages are kept under it
    # (varn/core/pagecache.py). Not part of the audit trail: it records no one's change.
    data_stamp = models.CharField(max_length=32, default=new_stamp, editable=False)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["data_stamp"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A loaded instance holds the stamp it was read with; saving it must not bring that back.
        self.data_stamp = new_stamp()
        super().save(*args, **kwargs)

    @classmethod
    def create_from_registry(cls, code: str, *, by) -> Municipality:
        """A municipality from the official list (registry.py): name, code and short name from
        there, never typed. One that exists already is refused with a Swedish message."""
        known = by_code(code)
        if known is None:
            raise ValidationError({"code": _("Välj en kommun i listan över Sveriges 290 kommuner.")})
        slug = slugify_name(known.name)
        clash = cls.objects.filter(
            models.Q(code=code) | models.Q(name=known.official_name) | models.Q(slug=slug)
        )
        if clash.exists():
            raise ValidationError({"code": _("%(name)s finns redan i Värn.") % {"name": known.official_name}})
        municipality = cls(name=known.official_name, slug=slug, code=code)
        municipality._history_user = by  # type: ignore[attr-defined]
        municipality.save()
        return municipality


class TenantQuerySet(models.QuerySet):
    """Base QuerySet for everything that belongs to a municipality."""

    def for_municipality(self, municipality: Municipality) -> TenantQuerySet:
        return self.filter(municipality=municipality)

    def joined_within(self, municipality: Municipality | int, *relations: str) -> TenantQuerySet:
        """Repeat the tenant filter on the tables joined through `relations` (non-null foreign
        keys, e.g. "goal", "responsible_unit"). Without it PostgreSQL reads every municipality's
        rows of the joined table to hash them, so the join costs more with each municipality
        added; with it each side is read through its municipality index (docs/decisions/0050)."""
        key = "municipality_id" if isinstance(municipality, int) else "municipality"
        return self.filter(**{f"{relation}__{key}": municipality for relation in relations})


class Unit(Locked):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Nämnd")
        ADMINISTRATION = "administration", _("Förvaltning")
        COMPANY = "company", _("Kommunalt bolag")
        OFFICE = "office", _("Kontor")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("namn"), max_length=150)
    short_name = models.CharField(_("förkortning"), max_length=20, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATION)
    email = models.EmailField(_("funktionsbrevlåda"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("förvaltning")
        verbose_name_plural = _("förvaltningar")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unit_unique_name")]
        indexes = [models.Index(fields=["municipality", "name"])]

    def __str__(self) -> str:
        return self.name


class Partner(Locked):
    class Kind(models.TextChoices):
        POLICE = "police", _("Polis")
        REGION = "region", _("Region")
        COUNTY_BOARD = "county_board", _("Länsstyrelse")
        SHELTER = "shelter", _("Kvinnojour / idéburen organisation")
        UNION = "union", _("Facklig organisation")
        SCHOOL = "school", _("Skola")
        NEIGHBOUR = "neighbour", _("Grannkommun")
        OTHER = "other", _("Annan")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("namn"), max_length=150)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    email = models.EmailField(_("e-post"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("samverkanspart")
        verbose_name_plural = _("samverkansparter")
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="partner_unique_name")]
        indexes = [models.Index(fields=["municipality", "kind"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_union(self) -> bool:
        return self.kind == self.Kind.UNION


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Samordnare")
    UNIT_EDITOR = "unit_editor", _("Förvaltningskontakt")
    PARTNER = "partner", _("Samverkanspart")
    VIEWER = "viewer", _("Läsare")


class MembershipQuerySet(TenantQuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True)

    def coordinators(self) -> MembershipQuerySet:
        return self.filter(role=Role.COORDINATOR, is_active=True)


# The change reason a coordinator's change in Värn writes in the audit trail (see
# varn/accounts/services.py: a membership changed by a person is no longer single sign-on's).
PEOPLE_REASON = "Ändrad i Värn av samordnare"


class Membership(Locked):
    """What a user may do in one municipality. A user has at most one membership per municipality.
    A role change on the people page is refused when the membership changed since the page was
    opened (`change_role(seen=…)`, ADR 0110)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("förvaltning"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("samverkanspart"),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    # Set when single sign-on created or last changed the membership, so a local change is not
    # silently overwritten at the next sign-in.
    managed_by_sso = models.BooleanField(default=False)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="membership_one_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == Role.UNIT_EDITOR and not self.unit_id:
            raise ValidationError({"unit": _("En förvaltningskontakt måste höra till en förvaltning.")})
        if self.role == Role.PARTNER and not self.partner_id:
            raise ValidationError({"partner": _("En samverkanspart måste höra till en organisation.")})
        if self.unit is not None and self.unit.municipality_id != self.municipality_id:
            raise ValidationError({"unit": _("Förvaltningen hör till en annan kommun.")})
        if self.partner is not None and self.partner.municipality_id != self.municipality_id:
            raise ValidationError({"partner": _("Organisationen hör till en annan kommun.")})

    # Changes a coordinator makes. The municipality always keeps one active coordinator.

    def change_role(
        self,
        *,
        role: str,
        unit: Unit | None = None,
        partner: Partner | None = None,
        by,
        seen: int | None = None,
    ) -> None:
        """Give the membership another role (with its unit or partner organisation). With `seen`
        (the version the person's page showed), a membership changed since is left as it is."""
        with transaction.atomic():
            if seen is not None:
                current = (
                    Membership.objects.select_for_update()
                    .values_list("lock_version", flat=True)
                    .get(pk=self.pk)
                )
                if current != seen:
                    raise ValidationError(
                        _(
                            "Någon annan har ändrat personens roll eller tillgång sedan du öppnade sidan. "
                            "Inget är sparat: öppna sidan igen och gör ändringen på nytt."
                        ),
                        code="stale",
                    )
            if role != Role.COORDINATOR:
                self._keep_a_coordinator(field="role")
            self.role = role
            self.unit = unit if role == Role.UNIT_EDITOR else None
            self.partner = partner if role == Role.PARTNER else None
            self.full_clean(exclude=["user", "municipality"])
            self._save_change(by, ["role", "unit", "partner", "managed_by_sso"])

    def deactivate(self, *, by) -> None:
        """Take away the person's access to the municipality (kept in the list, and reversible)."""
        with transaction.atomic():
            self._keep_a_coordinator(field=None)
            self.is_active = False
            self._save_change(by, ["is_active", "managed_by_sso"])

    def reactivate(self, *, by) -> None:
        self.is_active = True
        self._save_change(by, ["is_active", "managed_by_sso"])

    def _keep_a_coordinator(self, *, field: str | None) -> None:
        if not (self.is_active and self.role == Role.COORDINATOR):
            return
        # Locks the municipality's coordinators so that two coordinators cannot remove each other.
        others = list(
            Membership.objects.select_for_update()
            .coordinators()
            .filter(municipality_id=self.municipality_id)
            .exclude(pk=self.pk)
            .values_list("pk", flat=True)
        )
        if not others:
            raise ValidationError(
                {field: _("Kommunen måste ha minst en aktiv samordnare. Utse en annan samordnare först.")}
                if field
                else _("Kommunen måste ha minst en aktiv samordnare. Utse en annan samordnare först.")
            )

    def _save_change(self, by, fields: list[str]) -> None:
        self.managed_by_sso = False
        self._history_user = by  # type: ignore[attr-defined]
        self._change_reason = PEOPLE_REASON  # type: ignore[attr-defined]
        self.save(update_fields=fields)

    def get_role_display(self) -> str:  # type: ignore[no-redef]
        """The role's name in the current language. In place of Django's own, which builds a dict of
        every role's translated name each time; the frame of every page shows it (issue 16)."""
        try:
            return str(Role(self.role).label)
        except ValueError:
            return self.role

    # Roles, in the words the views use.
    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_unit_editor(self) -> bool:
        return self.role == Role.UNIT_EDITOR

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def can_manage(self) -> bool:
        """Set up the programme, organisations, decisions and follow-up rounds."""
        return self.is_coordinator

    @property
    def can_edit_some_measures(self) -> bool:
        """Whether the person may edit measures at all (a coordinator all, a unit editor their own
        unit's): opens the forms and imports; each measure is still checked with can_edit_measure."""
        return self.is_coordinator or self.is_unit_editor

    def can_edit_measure(self, measure: Measure) -> bool:
        if self.is_coordinator:
            return True
        return self.is_unit_editor and measure.responsible_unit_id == self.unit_id

    def organisation_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.partner_id:
            return str(self.partner)
        return str(self.municipality)
