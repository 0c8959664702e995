"""Importing cases from the case management system's spreadsheets: the column mapping an
administrator saves once per office, and each import run with its counts and bad rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportLayout(models.TextChoices):
    """How the export lays out parties: one row per case with a group of columns for each
    role (犯罪嫌疑人姓名, 犯罪嫌疑人身份证号 …), or one row per party repeating the case."""

    CASE_ROW = "case_row", _("每行一个案件（当事人分列）")
    PARTY_ROW = "party_row", _("每行一名当事人（案件信息重复）")


class CaseImportMapping(models.Model):
    """Which column of an office's export holds which field: {field code: header text}."""

    office = models.OneToOneField(
        "offices.Procuratorate",
        on_delete=models.CASCADE,
        related_name="case_import_mapping",
        verbose_name=_("单位"),
    )
    layout = models.CharField(
        _("表格格式"), max_length=16, choices=ImportLayout.choices, default=ImportLayout.CASE_ROW
    )
    columns = models.JSONField(_("列对应关系"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("保存人"),
    )
    updated_at = models.DateTimeField(_("保存时间"), default=timezone.now)

    class Meta:
        verbose_name = _("案件导入列设置")
        verbose_name_plural = _("案件导入列设置")

    def __str__(self) -> str:
        return str(self.office)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未能导入")


class CaseImportRun(models.Model):
    """One uploaded file and what importing it did. The mapping is copied in, so a later
    change of the office's mapping does not change what this run meant."""

    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="case_import_runs",
        verbose_name=_("单位"),
    )
    layout = models.CharField(_("表格格式"), max_length=16, choices=ImportLayout.choices)
    columns = models.JSONField(_("列对应关系"), default=dict)
    file = models.FileField(_("文件"), upload_to="case-imports/%Y/%m/", max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200)
    file_kind = models.CharField(_("文件类型"), max_length=8)
    status = models.CharField(
        _("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增案件"), default=0)
    updated_count = models.PositiveIntegerField(_("更新案件"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变案件"), default=0)
    error_count = models.PositiveIntegerField(_("错误行数"), default=0)
    stage_changes = models.PositiveIntegerField(_("阶段变化"), default=0)
    failure = models.CharField(_("失败原因"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导入人"),
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("案件导入")
        verbose_name_plural = _("案件导入")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)


class CaseImportError(models.Model):
    """One bad row of a run: its row number in the file and the reason, in Chinese."""

    run = models.ForeignKey(
        CaseImportRun, on_delete=models.CASCADE, related_name="errors", verbose_name=_("导入")
    )
    row_number = models.PositiveIntegerField(_("行号"))
    case_number = models.CharField(_("案件编号"), max_length=64, blank=True)
    message = models.CharField(_("原因"), max_length=500)

    class Meta:
        ordering = ["row_number", "id"]
        verbose_name = _("导入错误")
        verbose_name_plural = _("导入错误")

    def __str__(self) -> str:
        return f"{self.row_number}: {self.message}"
