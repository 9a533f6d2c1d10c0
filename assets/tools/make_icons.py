#!/usr/bin/env python3
"""Generate the Elmsworth Borough Council icons (standard library only).

The icon is a deep-teal rounded square with a white "E" whose middle arm is an
elm leaf. The same geometry is written as SVG and rasterised (supersampled) to
PNG and ICO, so every format matches.

Outputs go to assets/src/images/ and are committed as sources: build.sh only
copies them, so the build does not depend on this script or on zlib versions.
Re-run it only when the design changes:

    python3 assets/tools/make_icons.py
"""

import math
import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "images"

TEAL = (0x00, 0x62, 0x5A)
WHITE = (0xFF, 0xFF, 0xFF)

# Geometry in a 32 x 32 unit box.
CORNER = 6.0
BARS = [  # x, y, width, height
    (8.0, 7.0, 4.0, 18.0),  # spine
    (8.0, 7.0, 15.0, 4.0),  # top arm
    (8.0, 21.0, 15.0, 4.0),  # bottom arm
]
# Middle arm: a leaf (lens = intersection of two circles) from the spine to a
# tip pointing up and to the right.
LEAF_FROM = (10.0, 16.5)
LEAF_TO = (25.0, 13.0)
LEAF_RADIUS = 11.0


def _leaf_centres():
    (x1, y1), (x2, y2) = LEAF_FROM, LEAF_TO
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    half = math.hypot(dx, dy) / 2
    offset = math.sqrt(LEAF_RADIUS**2 - half**2)
    nx, ny = -dy / (2 * half), dx / (2 * half)
    return (mx + nx * offset, my + ny * offset), (mx - nx * offset, my - ny * offset)


LEAF_CENTRES = _leaf_centres()


def in_rounded_square(x, y, size=32.0, r=CORNER):
    if not (0 <= x <= size and 0 <= y <= size):
        return False
    cx = min(max(x, r), size - r)
    cy = min(max(y, r), size - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_letter(x, y):
    for bx, by, bw, bh in BARS:
        if bx <= x <= bx + bw and by <= y <= by + bh:
            return True
    return all((x - cx) ** 2 + (y - cy) ** 2 <= LEAF_RADIUS**2 for cx, cy in LEAF_CENTRES)


def render(size, rounded=True, samples=8):
    """Return rows of RGBA bytes for a size x size image."""
    scale = 32.0 / size
    rows = []
    n = samples * samples
    for py in range(size):
        row = bytearray()
        for px in range(size):
            bg = fg = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * scale
                    y = (py + (sy + 0.5) / samples) * scale
                    if rounded and not in_rounded_square(x, y):
                        continue
                    if in_letter(x, y):
                        fg += 1
                    else:
                        bg += 1
            covered = bg + fg
            if covered == 0:
                row += bytes((0, 0, 0, 0))
                continue
            colour = tuple(round((TEAL[i] * bg + WHITE[i] * fg) / covered) for i in range(3))
            row += bytes(colour) + bytes((round(255 * covered / n),))
        rows.append(bytes(row))
    return rows


def png(rows, size):
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + r for r in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    """ICO file holding PNG-compressed images: [(size, png_bytes)]."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    data = b""
    for size, blob in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(data))
        data += blob
    return header + entries + data


def svg():
    (x1, y1), (x2, y2) = LEAF_FROM, LEAF_TO
    r = LEAF_RADIUS
    bars = "".join(
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"/>' for x, y, w, h in BARS
    )
    leaf = (
        f'<path d="M{x1:g} {y1:g}A{r:g} {r:g} 0 0 1 {x2:g} {y2:g}'
        f'A{r:g} {r:g} 0 0 1 {x1:g} {y1:g}Z"/>'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        "<title>Elmsworth Borough Council</title>"
        f'<rect width="32" height="32" rx="{CORNER:g}" fill="#00625a"/>'
        f'<g fill="#ffffff">{bars}{leaf}</g>'
        "</svg>\n"
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "favicon.svg").write_text(svg(), encoding="utf-8")
    (OUT / "favicon.ico").write_bytes(ico([(s, png(render(s), s)) for s in (16, 32, 48)]))
    # Apple touch icons are full-bleed squares: iOS rounds the corners itself.
    (OUT / "apple-touch-icon.png").write_bytes(png(render(180, rounded=False, samples=4), 180))
    for path in sorted(OUT.iterdir()):
        print(path.relative_to(OUT.parent.parent), path.stat().st_size)


if __name__ == "__main__":
    main()
