"""The programme: its versions and text, its goals and the measures each administration owns."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from varn.core.locking import Locked
from varn.organisations.models import Municipality, Partner, TenantQuerySet, Unit


class ViolenceScope(models.TextChoices):
    CLOSE_RELATIONSHIPS = "close_relationships", _("Våld i nära relationer")
    MEN_AGAINST_WOMEN = "men_against_women", _("Mäns våld mot kvinnor")
    HONOUR = "honour", _("Hedersrelaterat våld och förtryck")


class Perspective(models.TextChoices):
    CHILD_RIGHTS = "child_rights", _("Barnrättsperspektiv")
    GENDER_EQUALITY = "gender_equality", _("Jämställdhetsperspektiv")
    INTERSECTIONAL = "intersectional", _("Intersektionellt perspektiv")
    SOCIAL_SUSTAINABILITY = "social_sustainability", _("Social hållbarhet")
    PUBLIC_HEALTH = "public_health", _("Folkhälsoperspektiv")


class Program(Locked):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PROPOSED = "proposed", _("Föreslaget")
        ADOPTED = "adopted", _("Antaget")
        IN_REVISION = "in_revision", _("Under revidering")
        ENDED = "ended", _("Avslutat")

    class BudgetPolicy(models.TextChoices):
        EXISTING_BUDGET = "existing_budget", _("Inom befintlig ram")
        DEDICATED_BUDGET = "dedicated_budget", _("Särskilda medel")
        MIXED = "mixed", _("Befintlig ram och särskilda medel")

    class FollowUpPolicy(models.TextChoices):
        BEFORE_REVISION = "before_revision", _("Inför revidering")
        YEARLY = "yearly", _("Årligen")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="programs")
    title = models.CharField(_("titel"), max_length=200)
    dnr = models.CharField(_("diarienummer"), max_length=60, blank=True)
    period_start = models.PositiveSmallIntegerField(_("gäller från år"))
    period_end = models.PositiveSmallIntegerField(_("gäller till år"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    coordinator_title = models.CharField(_("samordningsansvar"), max_length=100, default="folkhälsostrateg")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samordnare"),
    )
    violence_scopes = models.JSONField(_("våldsformer"), default=list, blank=True)
    perspectives = models.JSONField(_("perspektiv"), default=list, blank=True)
    budget_policy = models.CharField(
        _("finansiering"), max_length=20, choices=BudgetPolicy.choices, default=BudgetPolicy.EXISTING_BUDGET
    )
    follow_up_policy = models.CharField(
        _("uppföljning"),
        max_length=20,
        choices=FollowUpPolicy.choices,
        default=FollowUpPolicy.BEFORE_REVISION,
    )
    revision_due = models.DateField(_("revideras senast"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    is_public = models.BooleanField(
        _("publicerat"),
        default=False,
        help_text=_("Visa programmet, beslutsgången och en lägesöversikt på en öppen sida utan inloggning."),
    )
    is_illustrative = models.BooleanField(
        _("illustrativ text"),
        default=False,
        help_text=_("Programtexten är skriven för demonstration och är inte kommunens antagna text."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("program")
        verbose_name_plural = _("program")
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    def violence_scope_labels(self) -> list[str]:
        return [
            str(ViolenceScope(code).label) for code in self.violence_scopes if code in ViolenceScope.values
        ]

    def perspective_labels(self) -> list[str]:
        return [str(Perspective(code).label) for code in self.perspectives if code in Perspective.values]

    def period_contains(self, day: datetime.date) -> bool:
        return self.period_start <= day.year <= self.period_end

    def current_version(self) -> ProgramVersion | None:
        """The adopted version in force, or else the newest draft."""
        versions = list(self.versions.all())
        adopted = [v for v in versions if v.status == ProgramVersion.Status.ADOPTED]
        if adopted:
            return max(adopted, key=lambda v: v.number)
        return max(versions, key=lambda v: v.number) if versions else None


class FrozenVersionError(ValidationError):
    pass


class ProgramVersion(Locked):
    """One numbered text of the programme. Adopted versions are frozen: they are succeeded, never edited.
    Its `lock_version` rises with every edit of the text (programs/editing.py): an edit made on a
    stale page is refused."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Antagen")
        SUPERSEDED = "superseded", _("Ersatt")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versionsnummer"))
    label = models.CharField(_("benämning"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors"
    )
    created_by_decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_versions",
        verbose_name=_("beslut"),
    )
    adopted_on = models.DateField(_("antagen"), null=True, blank=True)
    source_name = models.CharField(_("källdokument"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "-number"]
        verbose_name = _("programversion")
        verbose_name_plural = _("programversioner")
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="version_unique_number")]
        indexes = [models.Index(fields=["municipality", "program"])]

    def __str__(self) -> str:
        return f"{self.program} – version {self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def ensure_editable(self) -> None:
        if self.is_frozen:
            raise FrozenVersionError(
                _("Version %(n)s är antagen och kan inte ändras. Skapa en ny version i stället.")
                % {"n": self.number}
            )

    def block_tree(self) -> list[dict]:
        """The blocks as nested plain data, in document order: [{id, type, page, text, children}]."""
        return blocks_to_tree(list(self.blocks.all()))

    @transaction.atomic
    def adopt(self, *, by, decision=None, on: datetime.date | None = None) -> None:
        self.ensure_editable()
        self.program.versions.filter(status=self.Status.ADOPTED).update(status=self.Status.SUPERSEDED)
        self.status = self.Status.ADOPTED
        self.adopted_on = on or timezone.localdate()
        if decision is not None:
            self.created_by_decision = decision
        self._history_user = by
        self.save(update_fields=["status", "adopted_on", "created_by_decision"])

    @transaction.atomic
    def create_successor(self, *, by, label: str = "") -> ProgramVersion:
        """A new draft with a copy of this version's blocks, keeping their stable ids."""
        number = (self.program.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
        successor = ProgramVersion.objects.create(
            municipality=self.municipality,
            program=self.program,
            number=number,
            label=label or _("Utkast till version %(n)s") % {"n": number},
            based_on=self,
            created_by=by,
        )
        copy_blocks(list(self.blocks.all()), successor)
        return successor


class Block(models.Model):
    """One node of a version's text. `uid` is stable across versions, so an amendment or a
    comment can point at "the same paragraph" in the draft and in the adopted text."""

    class Type(models.TextChoices):
        HEADING = "heading", _("Rubrik")
        PARAGRAPH = "paragraph", _("Stycke")
        LIST = "list", _("Lista")
        LIST_ITEM = "list_item", _("Listpunkt")
        TABLE = "table", _("Tabell")
        ROW = "row", _("Rad")
        CELL = "cell", _("Cell")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(ProgramVersion, on_delete=models.CASCADE, related_name="blocks")
    uid = models.CharField(max_length=40)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    position = models.PositiveIntegerField(help_text="Order in the whole document (depth first).")
    type = models.CharField(max_length=20, choices=Type.choices)
    level = models.PositiveSmallIntegerField(default=0, help_text="Heading level, 1 = top.")
    page = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # Where the text was changed by a decision: [{"label", "decision", "text"}]; filled on adoption.
    changes = models.JSONField(default=list, blank=True)

    # Each edit in the browser is recorded; a whole text replaced at once (an import, an adoption's
    # copy) is written in bulk and recorded as the version's own change (see save_tree).
    history = HistoricalRecords(excluded_fields=["changes"])

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "uid"], name="block_unique_uid")]
        indexes = [models.Index(fields=["municipality", "version", "position"])]

    def __str__(self) -> str:
        return f"{self.type} {self.uid}"


def blocks_to_tree(blocks: list[Block]) -> list[dict]:
    """Nest flat blocks (ordered by position) into plain dicts."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    for block in sorted(blocks, key=lambda b: b.position):
        node: dict = {
            "id": block.uid,
            "type": block.type,
            "page": block.page,
            "text": block.text,
            "children": [],
        }
        if block.level:
            node["level"] = block.level
        if block.changes:
            node["changes"] = block.changes
        nodes[block.pk] = node
        parent = nodes.get(block.parent_id) if block.parent_id else None
        (parent["children"] if parent is not None else roots).append(node)
    return roots


def save_tree(version: ProgramVersion, tree: list[dict]) -> list[Block]:
    """Replace a draft version's blocks with a plain block tree (as blocks_to_tree makes).
    Inserts one level of the tree at a time, so a long document costs a handful of queries."""
    version.ensure_editable()
    # One statement, not a recorded deletion per block: the text is replaced as a whole.
    Block.objects.filter(version=version)._raw_delete(Block.objects.db)  # type: ignore[attr-defined]
    created: list[Block] = []
    counter = 0
    # Number every node depth first, so positions follow document order.
    levels: list[list[tuple[dict, int, int | None]]] = []

    def number(nodes: list[dict], depth: int, parent_index: int | None) -> None:
        nonlocal counter
        for node in nodes:
            counter += 1
            if len(levels) <= depth:
                levels.append([])
            levels[depth].append((node, counter, parent_index))
            number(node.get("children") or [], depth + 1, counter)

    number(tree, 0, None)
    by_position: dict[int, Block] = {}
    for level in levels:
        batch = [
            Block(
                municipality_id=version.municipality_id,
                version=version,
                uid=str(node.get("id") or f"b{position}"),
                parent=by_position[parent] if parent is not None else None,
                position=position,
                type=node["type"],
                level=node.get("level") or 0,
                page=node.get("page"),
                text=node.get("text") or "",
                changes=node.get("changes") or [],
            )
            for node, position, parent in level
        ]
        for block in Block.objects.bulk_create(batch, batch_size=500):
            by_position[block.position] = block
            created.append(block)
    return sorted(created, key=lambda b: b.position)


def copy_blocks(blocks: list[Block], target: ProgramVersion) -> None:
    save_tree(target, blocks_to_tree(blocks))


class Goal(Locked):
    class Kind(models.TextChoices):
        VISION = "vision", _("Vision")
        GOAL = "goal", _("Mål")
        SUB_GOAL = "sub_goal", _("Delmål")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat"),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.GOAL)
    code = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "position", "code"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        indexes = [models.Index(fields=["municipality", "program"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class TargetGroup(Locked):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="target_groups")
    name = models.CharField(_("namn"), max_length=100)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="targetgroup_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PreventionLevel(models.TextChoices):
    UNIVERSAL = "universal", _("Universell")
    SELECTIVE = "selective", _("Selektiv")
    INDICATED = "indicated", _("Indikerad")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    POSTPONED = "postponed", _("Senarelagd")
    CANCELLED = "cancelled", _("Avbruten")


class MeasureQuerySet(TenantQuerySet):
    def owned_by(self, unit: Unit) -> MeasureQuerySet:
        return self.filter(responsible_unit=unit)

    def with_partner(self, partner: Partner) -> MeasureQuerySet:
        return self.filter(partners=partner)

    def open(self) -> MeasureQuerySet:
        return self.exclude(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED])

    def overdue(self, today: datetime.date | None = None) -> MeasureQuerySet:
        return self.open().filter(end_date__lt=today or timezone.localdate())

    def visible_to(self, membership) -> MeasureQuerySet:
        """Partners see only the measures they take part in; every other role sees all."""
        qs: MeasureQuerySet = self.filter(municipality=membership.municipality)
        if membership.is_partner:
            qs = qs.filter(partners=membership.partner_id)
        return qs

    def visible_within(self, municipality_id: int, partner_id: int | None) -> MeasureQuerySet:
        """As `visible_to`, from ids (a prepared query's values): the municipality's measures, only
        those partner `partner_id` takes part in if one is given."""
        qs: MeasureQuerySet = self.filter(municipality_id=municipality_id)
        if partner_id is not None:
            qs = qs.filter(partners=partner_id)
        return qs

    def status_counts(self) -> dict[str, int]:
        rows = self.order_by().values("status").annotate(n=Count("id"))
        return {row["status"]: row["n"] for row in rows}

    def search(self, text: str) -> MeasureQuerySet:
        q = Q()
        for word in text.split():
            q &= Q(title__icontains=word) | Q(description__icontains=word) | Q(code__icontains=word)
        return self.filter(q)


class Measure(Locked):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(Goal, on_delete=models.RESTRICT, related_name="measures", verbose_name=_("mål"))
    code = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("insats"), max_length=300)
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    prevention_level = models.CharField(_("preventionsnivå"), max_length=20, choices=PreventionLevel.choices)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="measures", verbose_name=_("målgrupper")
    )
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.RESTRICT, related_name="measures", verbose_name=_("ansvarig förvaltning")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="measures", verbose_name=_("samverkansparter")
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"))
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    rationale = models.TextField(_("motivering"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[target_groups, partners])

    class Meta:
        ordering = ["program", "code", "title"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "responsible_unit"]),
            models.Index(fields=["municipality", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def is_overdue(self) -> bool:
        return self.status not in (MeasureStatus.DONE, MeasureStatus.CANCELLED) and (
            self.end_date < timezone.localdate()
        )

    @transaction.atomic
    def record_update(self, *, by, status: str, narrative: str, date: datetime.date) -> MeasureUpdate:
        update = MeasureUpdate.objects.create(
            municipality_id=self.municipality_id,
            measure=self,
            date=date,
            status=status,
            narrative=narrative,
            author=by,
        )
        if status != self.status:
            self.status = status
            self.lock_version += 1
            self._history_user = by
            self.save(update_fields=["status", "lock_version", "updated_at"])
        return update


class MeasureUpdate(models.Model):
    """A dated account of how a measure is going. Never holds case data about people."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("datum"))
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    narrative = models.TextField(_("lägesbeskrivning"), max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=pgettext_lazy("done by a person", "av"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("lägesrapport")
        verbose_name_plural = _("lägesrapporter")
        indexes = [models.Index(fields=["municipality", "measure", "date"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.date}"
