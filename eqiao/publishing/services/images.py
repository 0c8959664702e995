"""Uploaded images: checked by what they are, not by their name, and re-encoded.

The bytes are opened with Pillow (type JPEG, PNG, GIF or WebP; at most 8 MB, 6000 pixels a
side and 40 megapixels — a decompression bomb is refused before it is decoded), turned
upright by its EXIF orientation and saved anew as JPEG (PNG when it has transparency):
nothing of the original file's metadata (GPS position, camera, time) is kept.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import ArticleImage

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 6000
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def image_clean(data: bytes) -> tuple[bytes, str, int, int]:
    """(re-encoded bytes, extension, width, height), or ApplicationError saying why not."""
    if not data:
        raise ApplicationError(_("请选择图片文件。"), field="file")
    if len(data) > MAX_BYTES:
        raise ApplicationError(_("图片不能超过8MB。"), field="file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                if fmt not in FORMATS:
                    raise ApplicationError(_("只能上传JPEG、PNG、GIF或WebP图片。"), field="file")
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise ApplicationError(
                        _("图片尺寸过大（最大%(n)s像素见方）。") % {"n": MAX_SIDE}, field="file"
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                img = ImageOps.exif_transpose(opened)
                has_alpha = img.mode in ("RGBA", "LA") or (
                    img.mode == "P" and "transparency" in img.info
                )
                out = io.BytesIO()
                if has_alpha:
                    img.convert("RGBA").save(out, format="PNG", optimize=True)
                    ext = "png"
                else:
                    img.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
                    ext = "jpg"
                width, height = img.size
    except ApplicationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ApplicationError(_("图片像素过多，可能是恶意文件，已拒绝。"), field="file") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ApplicationError(_("文件不是有效的图片。"), field="file") from None
    return out.getvalue(), ext, width, height


def image_upload(
    *, actor: Staff, office: Procuratorate, data: bytes, alt: str = "", caption: str = ""
) -> ArticleImage:
    require(actor, "article.edit", office)
    clean, ext, width, height = image_clean(data)  # outside the transaction: slow work
    with transaction.atomic():
        image = ArticleImage(
            office=office,
            width=width,
            height=height,
            alt=(alt or "").strip()[:200],
            caption=(caption or "").strip()[:200],
            uploaded_by=actor,
        )
        image.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(clean), save=False)
        image.save()
        audit_log(actor=actor.user, action="article.image_upload", target=image)
    return image
