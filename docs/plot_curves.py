#!/usr/bin/env python3
"""Draws unallocated GPU % against arrived GPU % (one line per policy) as a self-contained SVG,
from the CSV that examples/fragmentation_curves.cpp prints. No plotting library needed.

    build/examples/example_fragmentation_curves > docs/fgd-default-curves.csv
    python3 docs/plot_curves.py docs/fgd-default-curves.csv docs/fgd-default-curves.svg
"""
import csv
import sys
from collections import defaultdict

COLOURS = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#1f77b4", "#2ca02c", "#7f7f7f", "#17becf"]


def main(src, dst, x_min=80, x_max=130, y_max=25):
    curves = defaultdict(list)
    for row in csv.DictReader(open(src)):
        k = int(row["arrived_pct"])
        if x_min <= k <= x_max:
            curves[row["policy"]].append((k, float(row["unallocated_pct_mean"])))
    w, h, left, right, top, bottom = 720, 440, 60, 170, 20, 50
    px = lambda x: left + (x - x_min) / (x_max - x_min) * (w - left - right)
    py = lambda y: top + (1 - y / y_max) * (h - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    for x in range(x_min, x_max + 1, 10):
        out.append(f'<line x1="{px(x):.1f}" y1="{py(0):.1f}" x2="{px(x):.1f}" y2="{py(y_max):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{px(x):.1f}" y="{py(0) + 16:.1f}" text-anchor="middle">{x}</text>')
    for y in range(0, y_max + 1, 5):
        out.append(f'<line x1="{px(x_min):.1f}" y1="{py(y):.1f}" x2="{px(x_max):.1f}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{px(x_min) - 6:.1f}" y="{py(y) + 4:.1f}" text-anchor="end">{y}</text>')
    out.append(f'<text x="{(px(x_min) + px(x_max)) / 2:.1f}" y="{h - 12}" text-anchor="middle">arrived GPU (% of capacity)</text>')
    out.append(f'<text x="16" y="{(py(0) + py(y_max)) / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {(py(0) + py(y_max)) / 2:.1f})">unallocated GPU (%)</text>')
    for i, (policy, points) in enumerate(curves.items()):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in sorted(points))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        out.append(f'<line x1="{w - right + 15}" y1="{top + 20 * i + 10}" x2="{w - right + 35}" y2="{top + 20 * i + 10}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{w - right + 40}" y="{top + 20 * i + 14}">{policy}</text>')
    out.append("</svg>")
    open(dst, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
