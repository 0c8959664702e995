"""QR codes as inline SVG (the `qrcode` package builds the matrix; we draw it), so a printed
poster needs no image file and the code scans from paper."""

from __future__ import annotations

import qrcode
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

QUIET_ZONE = 4  # modules of white border scanners need


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code of `data` (error correction M: a poster may get a crease or a smudge),
    with its quiet zone, as rows of dark (True) and light modules."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(data: str, *, label: str) -> SafeString:
    """The QR code of `data` as SVG, one rectangle per run of dark modules in a row."""
    matrix = qr_matrix(data)
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append((start, y, x - start))
            else:
                x += 1
    rects = format_html_join(
        "", '<rect x="{}" y="{}" width="{}" height="1"/>', ((x, y, w) for x, y, w in runs)
    )
    return format_html(
        '<svg class="qr" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
        '<rect width="{}" height="{}" fill="#fff"/><g fill="#000">{}</g></svg>',
        size,
        size,
        label,
        size,
        size,
        rects,
    )
