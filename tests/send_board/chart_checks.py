"""Checks on a chart's figure JSON (what static/js/charts.js hands to Plotly):
meaning never rests on colour alone, no pattern is invisible, annual axes
tick whole years, category labels have room and no text shows Plotly's
markup as characters. `chart_problems(spec)` lists
what is wrong in words; the browser tests run it on every chart of every page
they visit, and tests/send_board/test_chart_checks.py on each chart builder.
"""

import re

WHITE = (255, 255, 255)
NAMED = {"white": WHITE, "black": (0, 0, 0), "transparent": None}


def rgb(colour):
    """(r, g, b) of a CSS colour Plotly accepts here; None for transparent."""
    if colour is None:
        return None
    colour = str(colour).strip().lower()
    if colour in NAMED:
        return NAMED[colour]
    if re.fullmatch(r"#[0-9a-f]{6}", colour):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        return tuple(int(c * 2, 16) for c in colour[1:])
    match = re.fullmatch(r"rgba?\(([^)]*)\)", colour)
    if match:
        parts = [float(p) for p in match.group(1).split(",")]
        if len(parts) == 4 and parts[3] == 0:
            return None
        return tuple(int(p) for p in parts[:3])
    raise ValueError(f"unknown colour {colour!r}")


def luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    """WCAG contrast ratio of two colours; transparent reads as the white page."""
    la, lb = luminance(a or WHITE), luminance(b or WHITE)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _each(value, count):
    return value if isinstance(value, list) else [value] * count


def _pattern_problems(name, trace):
    marker = trace.get("marker") or {}
    pattern = marker.get("pattern") or {}
    shapes = pattern.get("shape")
    if not shapes or not any(_each(shapes, 1)):
        return []
    count = len(shapes) if isinstance(shapes, list) else 1
    colours = _each(marker.get("color"), count)
    fgs = _each(pattern.get("fgcolor"), count)
    bgs = _each(pattern.get("bgcolor"), count)
    problems = []
    for shape, colour, fg, bg in zip(_each(shapes, count), colours, fgs, bgs, strict=False):
        if not shape:
            continue
        if pattern.get("fillmode") == "overlay":
            ground, ink = rgb(bg) if bg else rgb(colour), rgb(fg) if fg else None
            if ink is None:  # Plotly picks black or white against the fill
                continue
        else:  # "replace": the pattern is drawn in its colour on its background
            ground, ink = rgb(bg) if bg else None, rgb(fg) if fg else rgb(colour)
        if contrast(ground, ink) < 3:
            problems.append(f"{name}: pattern {shape!r} has {contrast(ground, ink):.2f}:1 against its fill")
    return problems


def _signature(trace):
    """What tells a trace apart when colour cannot be seen."""
    marker, line = trace.get("marker") or {}, trace.get("line") or {}
    pattern = (marker.get("pattern") or {}).get("shape") or ""
    mode = trace.get("mode") or ("" if trace.get("type") != "scatter" else "lines+markers")
    symbol = marker.get("symbol") if "markers" in mode else None
    dash = line.get("dash") or "solid" if "lines" in mode or trace.get("fill") else None
    return (
        trace.get("type", "scatter"),
        mode,
        str(symbol),
        str(dash),
        str(pattern),
        trace.get("fill") or "",
        line.get("shape") or "",
    )


def _is_year(value):
    return isinstance(value, int | float) and float(value).is_integer() and 1900 < value < 2200


def _axis(layout, name):
    return layout.get(name) or {}


# Plotly's own markup. The page escapes every text of a figure but its hover
# and text templates (send_board.charts.plain_text), so markup anywhere else
# reaches the reader as "<b>1</b>".
MARKUP = re.compile(r"(?:<|&lt;)/?(?:a|b|br|em|i|span|strong|sub|sup)\b")
TEMPLATE_KEYS = {"hovertemplate", "texttemplate"}


def _markup_shown(value, key=None):
    if isinstance(value, str):
        return [value] if key not in TEMPLATE_KEYS and MARKUP.search(value) else []
    if isinstance(value, dict):
        return [text for name, item in value.items() if name != "template" for text in _markup_shown(item, name)]
    if isinstance(value, list):
        return [text for item in value for text in _markup_shown(item, key)]
    return []


def chart_problems(spec):
    """Problems with one chart's figure JSON ({"data": [...], "layout": {...}})."""
    data, layout = spec.get("data") or [], spec.get("layout") or {}
    problems = []
    shown = [t for t in data if t.get("showlegend") is not False and t.get("visible") is not False]
    named = [t for t in shown if t.get("name")]
    for index, trace in enumerate(data):
        problems += _pattern_problems(trace.get("name") or f"trace {index}", trace)
    if len(named) > 1:
        seen = {}
        for trace in named:
            signature = _signature(trace)
            if signature in seen:
                problems.append(f"{trace['name']!r} and {seen[signature]!r} differ only by colour")
            seen.setdefault(signature, trace["name"])
    xaxis = _axis(layout, "xaxis")
    xs = [x for t in data if t.get("orientation") != "h" and isinstance(t.get("x"), list) for x in t["x"]]
    years = xs and all(_is_year(x) for x in xs) and xaxis.get("type") != "category"
    if years and not xaxis.get("tickvals") and xaxis.get("dtick") not in (1, "1"):
        problems.append("an axis of years may tick at fractions of a year (set dtick=1 or tickvals)")
    if xaxis.get("type") == "date" and xaxis.get("tickformat") == "%Y" and xaxis.get("dtick") != "M12":
        problems.append("an annual date axis may repeat a year or tick mid-year (set dtick='M12')")
    horizontal = [t for t in data if t.get("orientation") == "h" and t.get("type") == "bar"]
    labelled = any(isinstance(y, str) for t in horizontal for y in (t.get("y") or []))
    if labelled and not _axis(layout, "yaxis").get("automargin"):
        problems.append("category labels of a horizontal bar chart may be clipped (set yaxis automargin)")
    for text in _markup_shown({"data": data, "layout": layout}):
        problems.append(f"markup shown as text: {text[:60]!r}")
    return problems
