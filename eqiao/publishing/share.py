"""Share images (og:image): a 1200×630 card with the article's own title, drawn with the
installed CJK font, so a link pasted into WeChat or Weibo shows what it is about."""

from __future__ import annotations

import io
import subprocess
from functools import cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


@cache
def cjk_font_path() -> str:
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    return out or FALLBACK_FONTS[0]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    return lines


def share_image(*, title: str, kind: str, office: str) -> bytes:
    img = Image.new("RGB", (WIDTH, HEIGHT), (250, 246, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, WIDTH, 90], fill=(163, 18, 24))
    small = ImageFont.truetype(cjk_font_path(), 40)
    big = ImageFont.truetype(cjk_font_path(), 64)
    draw.text((50, 22), office, font=small, fill=(255, 255, 255))
    draw.text((50, 130), kind, font=small, fill=(163, 18, 24))
    lines = _wrap(draw, title, big, WIDTH - 100)[:4]
    for i, line in enumerate(lines):
        draw.text((50, 200 + i * 86), line, font=big, fill=(20, 20, 20))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
