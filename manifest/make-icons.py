#!/usr/bin/env python3
"""Draws PolicyBot's two Teams icons as PNG files with the standard library only.

color.png   192x192, opaque: a white speech bubble holding a tick, on the accent colour.
outline.png  32x32, white on transparent: the same bubble and tick as an outline.

Run from anywhere: python3 manifest/make-icons.py  (writes beside this script).
"""
import os
import struct
import zlib

ACCENT = (0x1F, 0x5C, 0x99)
WHITE = (255, 255, 255)
SUPERSAMPLE = 4


def png(path, width, height, rows, has_alpha):
    colour_type = 6 if has_alpha else 2
    raw = b"".join(b"\x00" + bytes(row) for row in rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def in_rounded_rect(x, y, left, top, right, bottom, radius):
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])
    s1, s2, s3 = side(a, b), side(b, c), side(c, a)
    return not ((s1 < 0 or s2 < 0 or s3 < 0) and (s1 > 0 or s2 > 0 or s3 > 0))


def near_segment(x, y, a, b, half_width):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= half_width ** 2


# Shapes in unit coordinates (0..1), shared by both icons.
def bubble(x, y, inset=0.0):
    body = in_rounded_rect(x, y, 0.16 + inset, 0.18 + inset, 0.84 - inset, 0.70 - inset, 0.12)
    tail = in_triangle(x, y, (0.30 + inset, 0.62), (0.30 + inset, 0.86 - inset * 2), (0.50, 0.62))
    return body or tail


def tick(x, y, half_width):
    return near_segment(x, y, (0.33, 0.44), (0.45, 0.56), half_width) or near_segment(x, y, (0.45, 0.56), (0.68, 0.32), half_width)


def coverage(size, inside):
    """Fraction of each pixel's subsamples for which inside(x, y) holds."""
    grid = []
    n = SUPERSAMPLE
    for py in range(size):
        row = []
        for px in range(size):
            hits = sum(
                inside((px + (i + 0.5) / n) / size, (py + (j + 0.5) / n) / size)
                for i in range(n) for j in range(n))
            row.append(hits / (n * n))
        grid.append(row)
    return grid


def colour_icon(path, size=192):
    white = coverage(size, lambda x, y: bubble(x, y) and not tick(x, y, 0.045))
    rows = []
    for row in white:
        out = []
        for c in row:
            out.extend(round(a * c + b * (1 - c)) for a, b in zip(WHITE, ACCENT))
        rows.append(out)
    png(path, size, size, rows, has_alpha=False)


def outline_icon(path, size=32):
    stroke = 2.0 / size
    alpha = coverage(size, lambda x, y: (bubble(x, y) and not bubble(x, y, stroke)) or tick(x, y, stroke / 2 + 0.01))
    rows = [[v for c in row for v in (*WHITE, round(255 * c))] for row in alpha]
    png(path, size, size, rows, has_alpha=True)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    colour_icon(os.path.join(here, "color.png"))
    outline_icon(os.path.join(here, "outline.png"))
