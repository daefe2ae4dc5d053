"""Draw bench results as an SVG line chart (no plotting library needed).

    python bench/plot.py bench/results/bench-....json docs/performance.svg

Load time of bare Beancount and of Beancount with kongtun against the number of
transactions, for each kind of fund benchmarked: straight lines if the cost grows linearly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WIDTH, HEIGHT, PAD = 640, 360, 56


def main() -> None:
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    rows = sorted(report["results"], key=lambda r: r["transactions"])
    kinds = sorted({r.get("kind", "savings-group") for r in rows})
    colours = {"savings-group": ("#888888", "#b00020"), "welfare-fund": ("#4a7ab0", "#e08000")}
    series: dict[str, tuple[list[tuple[int, float]], str]] = {}
    for kind in kinds:
        mine = [r for r in rows if r.get("kind", "savings-group") == kind]
        bare, kongtun = colours.get(kind, ("#888888", "#b00020"))
        label = f" ({kind})" if len(kinds) > 1 else ""
        series[f"Beancount{label}"] = (
            [(r["transactions"], r["bare"]["seconds"]) for r in mine],
            bare,
        )
        series[f"Beancount + kongtun{label}"] = (
            [(r["transactions"], r["kongtun"]["seconds"]) for r in mine],
            kongtun,
        )
    xs = sorted({r["transactions"] for r in rows})
    top = max(y for points, _ in series.values() for _, y in points) * 1.1
    right = max(xs) * 1.05

    def point(x: float, y: float) -> str:
        px = PAD + (WIDTH - 2 * PAD) * x / right
        py = HEIGHT - PAD - (HEIGHT - 2 * PAD) * y / top
        return f"{px:.1f},{py:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="black"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="black"/>',
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 16}" text-anchor="middle">transactions</text>',
        f'<text x="16" y="{HEIGHT / 2}" transform="rotate(-90 16 {HEIGHT / 2})" '
        'text-anchor="middle">load time (s)</text>',
    ]
    shown = -right
    for x in xs:
        if x - shown < right / 10:
            continue  # too close to the last label to be read
        shown = x
        px, _ = point(x, 0).split(",")
        parts.append(f'<text x="{px}" y="{HEIGHT - PAD + 16}" text-anchor="middle">{x:,}</text>')
    for tick in range(0, int(top) + 1, max(int(top) // 5, 1)):
        _, py = point(0, tick).split(",")
        parts.append(f'<text x="{PAD - 6}" y="{py}" text-anchor="end">{tick}</text>')
    for index, (name, (points, colour)) in enumerate(series.items()):
        path = " ".join(point(x, y) for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y in points:
            cx, cy = point(x, y).split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
        parts.append(f'<text x="{PAD + 12}" y="{PAD + 16 * index}" fill="{colour}">{name}</text>')
    parts.append("</svg>")
    Path(sys.argv[2]).write_text("\n".join(parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
