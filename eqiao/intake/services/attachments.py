"""Checking uploaded attachments: type by content (not by name), size, count."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError

# Types a citizen would send as evidence: photos, scans, PDFs, office documents, audio.
ALLOWED_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "audio/mpeg": ".mp3",
    "audio/x-m4a": ".m4a",
    "audio/amr": ".amr",
}


class UploadedFile(Protocol):
    name: str
    size: int

    def read(self, *args) -> bytes: ...


ORIGINAL_NAME_MAX = 200  # Attachment.original_name


def file_name_shorten(name: str, *, max_chars: int) -> str:
    """`name` cut to `max_chars` without losing its extension: "很长…的名字.jpg" stays a .jpg
    for the person who downloads it. An "extension" longer than 10 characters is just text."""
    if len(name) <= max_chars:
        return name
    stem, ext = os.path.splitext(name)
    if len(ext) > 10:
        stem, ext = name, ""
    return stem[: max_chars - len(ext) - 1] + "…" + ext


@dataclass(frozen=True)
class CheckedAttachment:
    name: str
    content_type: str
    data: bytes

    def model_fields(self) -> dict:
        stem = os.path.splitext(os.path.basename(self.name))[0][:60] or "file"
        ext = ALLOWED_TYPES[self.content_type]
        return {
            "file": ContentFile(self.data, name=f"{stem}{ext}"),
            "original_name": file_name_shorten(self.name, max_chars=ORIGINAL_NAME_MAX),
            "content_type": self.content_type,
            "size": len(self.data),
        }


def attachment_validate(upload: UploadedFile) -> CheckedAttachment:
    """Read and check one upload; raises ApplicationError with a message naming the file."""
    name = os.path.basename(getattr(upload, "name", "") or "file")
    limit = settings.EQIAO_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ApplicationError(
            _("附件“%(name)s”太大了（%(size).1f MB），每个附件不能超过%(max)d MB。")
            % {"name": name, "size": upload.size / 1048576, "max": limit // 1048576},
            field="attachments",
        )
    data = upload.read()
    if not data:
        raise ApplicationError(_("附件“%(name)s”是空文件。") % {"name": name}, field="attachments")
    kind = filetype.guess(data)
    mime = kind.mime if kind else ""
    if mime == "application/zip" and name.lower().endswith(".docx"):
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if mime == "application/x-ole-storage" or (
        not mime and data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    ):
        mime = "application/msword"
    if mime not in ALLOWED_TYPES:
        raise ApplicationError(
            _("附件“%(name)s”的格式不支持。请上传照片（JPG、PNG）、PDF、Word文档或录音。")
            % {"name": name},
            field="attachments",
        )
    return CheckedAttachment(name=name, content_type=mime, data=data)
