#!/usr/bin/env python3
"""Draws the loss curves of `ivid train` runs (their log.csv) as one SVG, standard library only.

usage: plot-loss-curves.py OUT.svg LABEL=RUN_DIR [LABEL=RUN_DIR ...]

The y axis is logarithmic: the loss falls by an order of magnitude in the first few hundred
steps and then slowly, and a linear axis would hide the slow part.
"""
import csv
import math
import sys

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 64, 150, 20, 44
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def read_log(run_dir):
    with open(f"{run_dir}/log.csv", newline="") as f:
        rows = [(int(r["step"]), float(r["loss"])) for r in csv.DictReader(f)]
    if not rows:
        sys.exit(f"{run_dir}/log.csv: no rows")
    return rows


def main(argv):
    if len(argv) < 3 or any("=" not in a for a in argv[2:]):
        sys.exit(__doc__.strip().splitlines()[2])
    runs = [(label, read_log(path)) for label, path in (a.split("=", 1) for a in argv[2:])]
    max_step = max(step for _, rows in runs for step, _ in rows)
    losses = [loss for _, rows in runs for _, loss in rows]
    lo, hi = math.floor(math.log10(min(losses))), math.ceil(math.log10(max(losses)))
    if lo == hi:
        hi += 1

    def x(step):
        return LEFT + (WIDTH - LEFT - RIGHT) * step / max_step

    def y(loss):
        return TOP + (HEIGHT - TOP - BOTTOM) * (hi - math.log10(loss)) / (hi - lo)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>']
    for e in range(lo, hi + 1):
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(10**e):.1f}" y2="{y(10**e):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(10**e) + 4:.1f}" text-anchor="end">{10.0**e:g}</text>')
    raw = max_step / 4  # about four ticks at a round spacing: 1, 2 or 5 times a power of ten
    spacing = min((m * 10 ** math.floor(math.log10(raw)) for m in (1, 2, 5, 10)), key=lambda t: abs(t - raw))
    for i in range(int(max_step // spacing) + 1):
        step = i * spacing
        out.append(f'<text x="{x(step):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{step}</text>')
    out.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle">training step</text>')
    out.append(f'<text x="14" y="{(TOP + HEIGHT - BOTTOM) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2})">loss (eps MSE, 50-step mean)</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{HEIGHT - TOP - BOTTOM}" '
               f'fill="none" stroke="#888"/>')
    for i, (label, rows) in enumerate(runs):
        colour = COLOURS[i % len(COLOURS)]
        points = " ".join(f"{x(s):.1f},{y(l):.1f}" for s, l in rows)
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        ly = TOP + 16 + 20 * i
        out.append(f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 32}" y1="{ly - 4}" y2="{ly - 4}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{WIDTH - RIGHT + 38}" y="{ly}">{label}</text>')
    out.append("</svg>")
    with open(argv[1], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
