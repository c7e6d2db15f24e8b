"""Kolada's key figures as the municipality chose them, with every fetched value's provenance.

An `Indicator` is a key figure the coordinator chose (a Kolada KPI id, with an optional baseline
and target). An `IndicatorValue` is one value Kolada gave for it: for an area (the municipality,
its county, its comparison group of similar municipalities, or the whole country), a year and a
gender, with Kolada's status for the value, when it was fetched and the URL it came from.
`KoladaSource` holds, per municipality, which areas to compare with and how the last fetch went.
Values are written only by the fetch (`services.fetch_for_municipality`), never by a page request."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from varn.core.locking import Locked
from varn.organisations.models import Municipality, TenantQuerySet

KPI_ID = RegexValidator(
    r"^[A-Z]\d{5}$", _("Ett nyckeltals id i Kolada är en bokstav och fem siffror, t.ex. N00945.")
)
AREA_ID = RegexValidator(r"^[A-Z0-9]{4,12}$", _("Ange Koladas id, t.ex. 0014 eller G33952."))


class KoladaKpiQuerySet(models.QuerySet):
    def matching(self, text: str) -> KoladaKpiQuerySet:
        """KPIs whose id or title holds every word of the text, ignoring case. The words are matched
        against `search_text` (id and title casefolded when stored), so that å, ä and ö match the
        same way on SQLite and PostgreSQL."""
        qs = self
        for word in text.casefold().split():
            qs = qs.filter(search_text__contains=word)
        return qs


class KoladaKpi(models.Model):
    """One key figure of Kolada's public catalogue (the same for every municipality), as the last
    catalogue fetch found it (`services.fetch_catalogue`)."""

    id = models.CharField(_("id i Kolada"), max_length=6, primary_key=True)
    title = models.CharField(_("namn"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    operating_area = models.CharField(_("verksamhetsområde"), max_length=300, blank=True)
    is_divided_by_gender = models.BooleanField(_("redovisas per kön"), default=False)
    search_text = models.CharField(max_length=520, editable=False)
    fetched_at = models.DateTimeField(_("hämtat"))

    objects = KoladaKpiQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("nyckeltal i Koladas katalog")
        verbose_name_plural = _("Koladas katalog")

    def __str__(self) -> str:
        return f"{self.id} {self.title}"

    @staticmethod
    def search_text_for(kpi_id: str, title: str) -> str:
        return f"{kpi_id} {title}".casefold()[:520]


class KoladaGroup(models.Model):
    """One of Kolada's municipality groups (e.g. similar municipalities), with its members."""

    id = models.CharField(_("id i Kolada"), max_length=12, primary_key=True)
    title = models.CharField(_("namn"), max_length=300)
    fetched_at = models.DateTimeField(_("hämtat"))

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("kommungrupp i Kolada")
        verbose_name_plural = _("kommungrupper i Kolada")

    def __str__(self) -> str:
        return f"{self.title} ({self.id})"


class KoladaGroupMember(models.Model):
    group = models.ForeignKey(KoladaGroup, on_delete=models.CASCADE, related_name="members")
    code = models.CharField(_("kommunkod"), max_length=12)
    title = models.CharField(_("namn"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "code"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="kolada_group_member_once")]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return f"{self.group_id} {self.code}"


class KoladaSource(Locked):
    """Where a municipality's figures come from and what they are compared with."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    county_id = models.CharField(
        _("länets id i Kolada"),
        max_length=12,
        blank=True,
        validators=[AREA_ID],
        help_text=_("Tomt: ”00” och länskoden (t.ex. 0014 för Västra Götaland)."),
    )
    group_id = models.CharField(
        _("jämförelsegruppens id i Kolada"),
        max_length=12,
        blank=True,
        validators=[AREA_ID],
        help_text=_("En kommungrupp i Kolada med liknande kommuner (t.ex. ”Liknande kommuner, IFO”)."),
    )
    group_title = models.CharField(_("jämförelsegruppens namn"), max_length=200, blank=True)
    fetched_at = models.DateTimeField(_("senast hämtat"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("senaste försök"), null=True, blank=True)
    last_error = models.CharField(_("senaste fel"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("källa för nyckeltal")
        verbose_name_plural = _("källor för nyckeltal")

    def __str__(self) -> str:
        return f"Kolada – {self.municipality}"


class IndicatorQuerySet(TenantQuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)


class Indicator(Locked):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kpi_id = models.CharField(_("nyckeltal i Kolada"), max_length=6, validators=[KPI_ID])
    title = models.CharField(_("namn"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    is_divided_by_gender = models.BooleanField(_("redovisas per kön"), default=False)
    baseline = models.DecimalField(_("utgångsvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveIntegerField(_("utgångsår"), null=True, blank=True)
    target = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField(_("visas"), default=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "kpi_id"]
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kpi_id"], name="indicator_once_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.title}".strip()


class IndicatorValue(models.Model):
    class Area(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommunen")
        COUNTY = "county", _("Länet")
        GROUP = "group", _("Liknande kommuner")
        COUNTRY = "country", _("Riket")

    class Gender(models.TextChoices):
        TOTAL = "T", _("Totalt")
        WOMEN = "K", _("Kvinnor")
        MEN = "M", _("Män")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    kpi_id = models.CharField(_("nyckeltal i Kolada"), max_length=6)
    kpi_title = models.CharField(_("nyckeltalets namn"), max_length=300, blank=True)
    area = models.CharField(_("jämförelse"), max_length=20, choices=Area.choices)
    area_id = models.CharField(_("id i Kolada"), max_length=12)
    period = models.PositiveIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.FloatField(_("värde"), null=True, blank=True)
    status = models.CharField(_("status i Kolada"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("antal bidragande"), default=0)
    fetched_at = models.DateTimeField(_("hämtat"))
    source_url = models.URLField(_("hämtat från"), max_length=1000)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "period", "gender"]
        verbose_name = _("värde för nyckeltal")
        verbose_name_plural = _("värden för nyckeltal")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_id", "period", "gender"], name="indicator_value_once"
            )
        ]
        indexes = [models.Index(fields=["municipality", "indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.area_id} {self.period} {self.gender}"
