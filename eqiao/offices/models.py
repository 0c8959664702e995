"""The office tree (city → county → township outposts) and the staff who work in it."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models.functions import Replace
from django.db.models.lookups import Exact
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# A materialised path: one or more "<pk>/" segments, e.g. "1/3/17/".
PATH_RE = re.compile(r"^([0-9]+/)+$")


def _digits_and_slashes_removed(field: str) -> models.Expression | models.F:
    """`field` with every digit and "/" removed: empty exactly when the path holds nothing
    else. Written with REPLACE rather than a regex so the same CHECK works on SQLite (where
    REGEXP exists only inside Django's connections, not for a backup restored with the
    sqlite3 shell) and on PostgreSQL."""
    expression: models.Expression | models.F = models.F(field)
    for char in "0123456789/":
        expression = Replace(expression, models.Value(char), models.Value(""))
    return expression


class Level(models.TextChoices):
    CITY = "city", _("市院")
    COUNTY = "county", _("基层院")
    TOWNSHIP = "township", _("派驻检察室")


class Procuratorate(models.Model):
    """One office. `path` is a materialised path ("1/3/17/") so a subtree is one indexed
    prefix query; it is maintained by `procuratorate_create`."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级单位"),
    )
    code = models.CharField(_("区划代码"), max_length=12, blank=True)
    region = models.CharField(
        _("所属区县"), max_length=30, blank=True, help_text=_("用于按地区分流，如“冠县”。")
    )
    township = models.CharField(_("所在乡镇"), max_length=60, blank=True)
    path = models.CharField(
        _("层级路径"), max_length=255, db_index=True, editable=False, default=""
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # Where the office is (WGS 84), for the citizens' map of offices; empty when unknown.
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["path"]
        verbose_name = _("检察院")
        verbose_name_plural = _("检察院")
        constraints = [
            # An empty path would make the scope filter (path__startswith) match every
            # office: the database refuses it, and anything that is not "<pk>/"-segments.
            models.CheckConstraint(
                name="procuratorate_path_well_formed",
                condition=models.Q(path__endswith="/")
                & ~models.Q(path__startswith="/")
                & ~models.Q(path__contains="//")
                & models.Q(Exact(_digits_and_slashes_removed("path"), models.Value(""))),
            ),
            models.CheckConstraint(
                name="procuratorate_only_city_without_parent",
                condition=models.Q(level="city", parent__isnull=True)
                | (~models.Q(level="city") & models.Q(parent__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/")

    @property
    def path_is_valid(self) -> bool:
        """The path is well formed and ends with this office's own pk (the services keep
        it equal to the parent's path + "<pk>/")."""
        path = self.path or ""
        return bool(self.pk and PATH_RE.match(path) and path.split("/")[-2] == str(self.pk))

    def is_within(self, other: Procuratorate) -> bool:
        """True when self is `other` or one of its descendants. An office without a valid
        path is within nothing and contains nothing."""
        if not (self.path_is_valid and other.path_is_valid):
            return False
        return self.path.startswith(other.path)


class OutpostManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(level=Level.TOWNSHIP)


class Outpost(Procuratorate):
    """A dispatched township office (派驻检察室)."""

    objects = OutpostManager()  # type: ignore[misc]  # a proxy narrows its default manager

    class Meta:
        proxy = True
        verbose_name = _("派驻检察室")
        verbose_name_plural = _("派驻检察室")


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("接待员")
    PROSECUTOR = "prosecutor", _("检察官")
    OFFICE_HEAD = "office_head", _("负责人")
    EDITOR = "editor", _("编辑")
    SECURITY_REVIEWER = "security_reviewer", _("安全审查员")
    OPINION_ANALYST = "opinion_analyst", _("舆情分析员")
    ADMINISTRATOR = "administrator", _("系统管理员")


class Staff(models.Model):
    """A staff member (干警) of one office, holding one or more roles there (`StaffRole`).
    What they may see is their office's subtree — see `offices.selectors`; what they may do
    is what their roles' capabilities allow — see `offices.capabilities`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("登录账号"),
    )
    office = models.ForeignKey(
        Procuratorate, on_delete=models.PROTECT, related_name="staff", verbose_name=_("所在单位")
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    mobile = models.CharField(_("手机号"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        ordering = ["office__path", "full_name"]
        verbose_name = _("干警")
        verbose_name_plural = _("干警")

    def __str__(self) -> str:
        return f"{self.full_name}（{self.office.short_name}·{self.roles_display}）"

    @cached_property
    def role_codes(self) -> frozenset[str]:
        """The roles this person holds (uses `prefetch_related("roles")` when given)."""
        return frozenset(r.role for r in self.roles.all())

    @property
    def roles_display(self) -> str:
        """The roles in the reader's language, in the order of `Role`, e.g. "检察官、编辑"."""
        held = self.role_codes
        return "、".join(str(label) for value, label in Role.choices if value in held)

    def roles_changed(self) -> None:
        """Forget the cached roles after a service changed them."""
        self.__dict__.pop("role_codes", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("roles", None)


class StaffRole(models.Model):
    """One role a staff member holds in their office; several rows give several roles."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["staff_id", "role"]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["staff", "role"], name="staffrole_unique_per_staff")
        ]

    def __str__(self) -> str:
        return str(self.get_role_display())
