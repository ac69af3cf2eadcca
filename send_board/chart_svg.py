"""Charts drawn as SVG on the server, for the figures that need no interaction.

A page's chart costs a phone nothing to run when the server sends it as a
small inline SVG: no Plotly to download, parse and run (Lighthouse's blocking
time), a few dozen elements instead of Plotly's few hundred (the publication
page's DOM size), and its height is known before it arrives (no layout
shift). `render(spec)` draws the Plotly figures our builders make, read as
plain JSON ({"data": [...], "layout": {...}}), when every feature they use is
one this module draws: bar traces (vertical; overlay, group or stack; a
colour and a fill pattern per bar or per trace) and scatter traces (lines,
markers, dashes, steps, gaps) on a category or monthly date axis. Anything
else (horizontal bars, pies, filled areas, annotations, shapes) returns None
and the page draws the figure with Plotly as before.

The look follows send_board.charts.TEMPLATE. Every status that differs by
colour also differs by pattern, dash or marker, and the legend shows each
trace as drawn. The SVG keeps its own colours in forced-colour mode (a white
plate with black text, like a picture), so its patterns stay visible there
too; the table beside every chart carries the exact figures.
"""

import datetime
import html
import math

WIDTH = 560
FONT_SIZE = 14
TITLE_SIZE = 16
CHAR_WIDTH = 0.56  # average glyph width of the system sans-serif stack, in em
TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#d8dadb"
DASHES = {"dash": "7 4", "dot": "2 3", "dashdot": "7 3 2 3", "longdash": "12 4", "longdashdot": "12 3 2 3"}
# Plotly's pattern shapes, drawn in a square tile of `size` user units.
PATTERN_PATHS = {
    "/": "M0,{s} L{s},0 M-1,1 L1,-1 M{sm},{sp} L{sp},{sm}",
    "\\": "M0,0 L{s},{s} M-1,{sm} L1,{sp} M{sm},-1 L{sp},1",
    "x": "M0,{s} L{s},0 M0,0 L{s},{s} M-1,1 L1,-1 M{sm},{sp} L{sp},{sm} M-1,{sm} L1,{sp} M{sm},-1 L{sp},1",
    "-": "M0,{h} L{s},{h}",
    "|": "M{h},0 L{h},{s}",
    "+": "M0,{h} L{s},{h} M{h},0 L{h},{s}",
}
SYMBOLS = {"circle", "circle-open", "square", "square-open", "diamond", "diamond-open", "triangle-up", "triangle-down"}
SUPPORTED_TRACE_KEYS = {
    "type",
    "x",
    "y",
    "name",
    "mode",
    "marker",
    "line",
    "connectgaps",
    "hovertemplate",
    "hoverinfo",
    "showlegend",
    "customdata",
    "legendgroup",
    "offsetgroup",
    "alignmentgroup",
    "xaxis",
    "yaxis",
}
SUPPORTED_LAYOUT_KEYS = {
    "template",
    "title",
    "xaxis",
    "yaxis",
    "barmode",
    "bargap",
    "hovermode",
    "legend",
    "height",
    "margin",
    "showlegend",
}


class Unsupported(Exception):
    """The figure uses something this module does not draw."""


def render(spec, *, prefix="chart"):
    """The figure `spec` ({"data": [...], "layout": {...}}, Plotly's JSON) as
    an SVG string, or None when it uses a feature not drawn here. `prefix`
    makes the ids of its patterns unique on the page."""
    try:
        return _Chart(spec, prefix).svg()
    except Unsupported:
        return None


def _get(mapping, *path, default=None):
    for key in path:
        if not isinstance(mapping, dict) or key not in mapping:
            return default
        mapping = mapping[key]
    return mapping


def _esc(text):
    return html.escape(str(text), quote=True)


def _num(value):
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _text_width(text, size=FONT_SIZE):
    return len(str(text)) * size * CHAR_WIDTH


def _nice_step(span, ticks=5):
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _tick_label(value, suffix):
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return f"{text}{suffix}"


def _date_label(value, tickformat):
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError as error:
        raise Unsupported(f"not a date: {value}") from error
    return day.strftime(tickformat or "%b %Y")


def _symbol_path(symbol, x, y, size):
    r = size / 2
    if symbol.startswith("circle"):
        return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z"
    if symbol.startswith("square"):
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r:.1f}v{2 * r:.1f}h{-2 * r:.1f}Z"
    if symbol.startswith("diamond"):
        d = r * 1.3
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y:.1f}L{x:.1f},{y + d:.1f}L{x - d:.1f},{y:.1f}Z"
    if symbol == "triangle-up":
        d = r * 1.2
        return f"M{x:.1f},{y - d:.1f}L{x + d:.1f},{y + d * 0.8:.1f}L{x - d:.1f},{y + d * 0.8:.1f}Z"
    d = r * 1.2
    return f"M{x:.1f},{y + d:.1f}L{x + d:.1f},{y - d * 0.8:.1f}L{x - d:.1f},{y - d * 0.8:.1f}Z"


def _check_trace(trace):
    """Raise Unsupported unless `trace` is one this module draws as Plotly would."""
    kind = trace.get("type", "scatter")
    if kind not in ("bar", "scatter"):
        raise Unsupported(kind)
    if set(trace) - SUPPORTED_TRACE_KEYS:
        raise Unsupported(f"trace: {sorted(set(trace) - SUPPORTED_TRACE_KEYS)}")
    if trace.get("xaxis", "x") != "x" or trace.get("yaxis", "y") != "y":
        raise Unsupported("second axis")
    if any(value is not None and not isinstance(value, int | float) for value in trace.get("y") or []):
        raise Unsupported("y not numeric")
    if kind == "scatter" and set((trace.get("mode") or "lines+markers").split("+")) - {"lines", "markers"}:
        raise Unsupported("scatter text")
    symbol = _get(trace, "marker", "symbol", default="circle")
    if any(s not in SYMBOLS for s in (symbol if isinstance(symbol, list) else [symbol])):
        raise Unsupported("marker symbol")
    if _get(trace, "line", "shape", default="linear") not in ("linear", "hv", "spline"):
        raise Unsupported("line shape")
    shapes = _get(trace, "marker", "pattern", "shape", default="")
    if any(
        shape and shape not in PATTERN_PATHS and shape != "."
        for shape in (shapes if isinstance(shapes, list) else [shapes])
    ):
        raise Unsupported("pattern")


class _Chart:
    def __init__(self, spec, prefix):
        self.data = spec.get("data") or []
        self.layout = spec.get("layout") or {}
        self.template = _get(self.layout, "template", "layout", default={}) or {}
        self.prefix = prefix
        self.defs = {}
        self.ids = {}
        self._check()

    # ------------------------------------------------------------ reading

    def _layout(self, *path, default=None):
        value = _get(self.layout, *path)
        if value is None:
            value = _get(self.template, *path)
        return default if value is None else value

    def _check(self):
        if not self.data:
            raise Unsupported("no traces")
        extra = set(self.layout) - SUPPORTED_LAYOUT_KEYS
        if extra:
            raise Unsupported(f"layout: {sorted(extra)}")
        if self._layout("xaxis", "type") not in (None, "category", "date", "-"):
            raise Unsupported("x axis type")
        if self._layout("yaxis", "type") not in (None, "linear", "-"):
            raise Unsupported("y axis type")
        if self._layout("yaxis", "autorange") == "reversed" or self._layout("xaxis", "autorange") == "reversed":
            raise Unsupported("reversed axis")
        for trace in self.data:
            _check_trace(trace)
        if self._layout("barmode", default="group") not in ("group", "overlay", "stack"):
            raise Unsupported("barmode")

    def _categories(self):
        seen = []
        for trace in self.data:
            for x in trace.get("x") or []:
                if x not in seen:
                    seen.append(x)
        if self._layout("xaxis", "type") == "date":
            seen.sort()
        return seen

    def _x_label(self, value):
        if self._layout("xaxis", "type") == "date":
            return _date_label(value, self._layout("xaxis", "tickformat"))
        return str(value)

    def _legend_items(self):
        if not self._layout("showlegend", default=True):
            return []
        items = [t for t in self.data if t.get("name") and t.get("showlegend", True) is not False]
        return items if len(items) > 1 or self.layout.get("showlegend") else []

    # ------------------------------------------------------------ drawing

    def svg(self):
        categories = self._categories()
        if not categories:
            raise Unsupported("no x values")
        height = self._layout("height", default=450)
        title = self._layout("title", "text")
        y_title = self._layout("yaxis", "title", "text")
        suffix = self._layout("yaxis", "ticksuffix", default="")
        bottom, top = self._y_range()
        step = self._layout("yaxis", "dtick")
        step = step if isinstance(step, int | float) and step > 0 else _nice_step(top - bottom)
        first = math.ceil(bottom / step - 1e-9) * step
        ticks = []
        value = first
        while value <= top + 1e-9:
            ticks.append(round(value, 10))
            value += step
        y_label_width = max(_text_width(_tick_label(t, suffix)) for t in ticks)

        legend = self._legend_items()
        legend_rows = self._legend_layout(legend)
        left = 12 + (22 if y_title else 0) + y_label_width
        title_lines = _wrap(title, WIDTH - 16, TITLE_SIZE) if title else []
        # Each title line 1.35 em; a wrapped title keeps a little more room above the plot.
        top_px = 14 + TITLE_SIZE * (0.25 + 1.35 * len(title_lines)) + 6 * (len(title_lines) > 1) if title_lines else 14
        legend_height = len(legend_rows) * 24
        bottom_px = 8 + FONT_SIZE * 1.8 + (legend_height + 8 if legend_rows else 0)
        plot_width = WIDTH - left - 16
        plot_height = height - top_px - bottom_px
        if plot_height < 80:
            raise Unsupported("too short")

        def y_px(v):
            return top_px + plot_height * (1 - (v - bottom) / (top - bottom))

        slot = plot_width / len(categories)

        def x_px(category):
            return left + slot * (categories.index(category) + 0.5)

        parts = [f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>']
        for number, line in enumerate(title_lines):
            parts.append(
                f'<text x="8" y="{14 + TITLE_SIZE * (1 + 1.35 * number):.0f}" font-size="{TITLE_SIZE}" '
                f'font-weight="700">{_esc(line)}</text>'
            )
        grid = " ".join(f"M{left:.1f},{y_px(t):.1f}H{left + plot_width:.1f}" for t in ticks if t != bottom)
        if grid:
            parts.append(f'<path d="{grid}" stroke="{GRID}" stroke-width="1"/>')
        # Tick labels: one text element per label (a screen reader skips them: the
        # figure's description and table say it all).
        for t in ticks:
            parts.append(
                f'<text x="{left - 6:.1f}" y="{y_px(t) + FONT_SIZE * 0.35:.1f}" text-anchor="end">'
                f"{_esc(_tick_label(t, suffix))}</text>"
            )
        if y_title:
            middle = top_px + plot_height / 2
            parts.append(
                f'<text transform="translate(14,{middle:.1f}) rotate(-90)" text-anchor="middle">'
                f"{_esc(_fit(y_title, plot_height, FONT_SIZE))}</text>"
            )
        labels = [self._x_label(c) for c in categories]
        widest = max(_text_width(label) for label in labels) + 8
        base_y = top_px + plot_height
        for x, label in _spaced_labels(labels, [x_px(c) for c in categories], left, math.ceil(widest / slot)):
            parts.append(
                f'<text x="{x:.1f}" y="{base_y + 6 + FONT_SIZE:.1f}" text-anchor="middle">{_esc(label)}</text>'
            )
        parts += self._bars(categories, x_px, y_px, slot, bottom)
        parts.append(
            f'<path d="M{left:.1f},{top_px:.1f}V{base_y:.1f}H{left + plot_width:.1f}" '
            f'fill="none" stroke="{AXIS}" stroke-width="1"/>'
        )
        parts += self._lines(x_px, y_px)
        parts += self._legend(legend_rows, base_y + FONT_SIZE * 1.8 + 16)
        defs = "".join(self.defs.values())
        font = _esc(self._layout("font", "family", default="system-ui, sans-serif"))
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" '
            f'font-family="{font}" font-size="{FONT_SIZE}" fill="{TEXT}" aria-hidden="true" focusable="false">'
            + (f"<defs>{defs}</defs>" if defs else "")
            + "".join(parts)
            + "</svg>"
        )

    def _y_range(self):
        explicit = self._layout("yaxis", "range")
        if isinstance(explicit, list) and len(explicit) == 2 and None not in explicit:
            return float(explicit[0]), float(explicit[1])
        values = []
        stacked = self._layout("barmode", default="group") == "stack"
        totals = {}
        for trace in self.data:
            for x, y in zip(trace.get("x") or [], trace.get("y") or [], strict=False):
                if y is None:
                    continue
                if stacked and trace.get("type") == "bar":
                    totals[x] = totals.get(x, 0) + y
                else:
                    values.append(y)
        values += list(totals.values())
        if not values:
            raise Unsupported("no values")
        low, high = min(values), max(values)
        has_bars = any(t.get("type") == "bar" for t in self.data)
        if has_bars or self._layout("yaxis", "rangemode") == "tozero":
            low, high = min(low, 0), max(high, 0)
        if high == low:
            high = low + 1
        pad = (high - low) * 0.06
        step = _nice_step(high - low + 2 * pad)
        bottom = low if low == 0 else math.floor((low - pad) / step) * step
        top = math.ceil((high + pad) / step) * step
        if self._layout("yaxis", "ticksuffix") == "%" and high <= 100 < top:
            top = 100  # a share of 100% at most: the axis stops there, not at 125%
        return bottom, top

    def _fill(self, colour, pattern):
        """A fill for a bar: its colour, or a pattern of white lines over it."""
        shape, fg = pattern
        if not shape:
            return _esc(colour)
        key = (colour, shape, fg)
        if key not in self.defs:
            name = f"{self.prefix}-pattern-{len(self.defs) + 1}"
            self.ids[key] = name
            size = 8
            if shape == ".":
                mark = f'<circle cx="{size / 2}" cy="{size / 2}" r="1.6" fill="{_esc(fg)}"/>'
            else:
                d = PATTERN_PATHS[shape].format(s=size, h=size / 2, sm=size - 1, sp=size + 1)
                mark = f'<path d="{d}" stroke="{_esc(fg)}" stroke-width="1.6"/>'
            self.defs[key] = (
                f'<pattern id="{name}" width="{size}" height="{size}" patternUnits="userSpaceOnUse">'
                f'<rect width="{size}" height="{size}" fill="{_esc(colour)}"/>{mark}</pattern>'
            )
        return f"url(#{self.ids[key]})"

    def _bar_styles(self, trace, count):
        colours = _get(trace, "marker", "color", default=None) or self._colour(trace)
        shapes = _get(trace, "marker", "pattern", "shape", default="") or ""
        fg = _get(trace, "marker", "pattern", "fgcolor", default="white")
        colours = colours if isinstance(colours, list) else [colours] * count
        shapes = shapes if isinstance(shapes, list) else [shapes] * count
        return [(colours[i % len(colours)], (shapes[i % len(shapes)] if shapes else "", fg)) for i in range(count)]

    def _colour(self, trace):
        colourway = self._layout("colorway", default=["#1d70b8"])
        colour = _get(trace, "line", "color") if trace.get("type", "scatter") == "scatter" else None
        colour = colour or _get(trace, "marker", "color")
        if isinstance(colour, str):
            return colour
        return colourway[self.data.index(trace) % len(colourway)]

    def _bars(self, categories, x_px, y_px, slot, bottom):
        bars = [t for t in self.data if t.get("type") == "bar"]
        if not bars:
            return []
        mode = self._layout("barmode", default="group")
        gap = self._layout("bargap", default=0.2)
        width = slot * (1 - gap)
        groups = len(bars) if mode == "group" else 1
        stack = {}
        parts = []
        for index, trace in enumerate(bars):
            xs, ys = trace.get("x") or [], trace.get("y") or []
            styles = self._bar_styles(trace, len(xs))
            by_style = {}
            for (x, y), style in zip(zip(xs, ys, strict=False), styles, strict=False):
                if y is None:
                    continue
                base = stack.get(x, 0) if mode == "stack" else 0
                if mode == "stack":
                    stack[x] = base + y
                w = width / groups
                x0 = x_px(x) - width / 2 + (index * w if mode == "group" else 0)
                y0, y1 = sorted((y_px(base), y_px(base + y)))
                by_style.setdefault(style, []).append(f"M{x0:.1f},{y0:.1f}h{w:.1f}V{y1:.1f}h{-w:.1f}Z")
            outline = _get(trace, "marker", "line", "color")
            stroke = f' stroke="{_esc(outline)}" stroke-width="1"' if outline else ""
            for (colour, pattern), paths in by_style.items():
                parts.append(f'<path d="{"".join(paths)}" fill="{self._fill(colour, pattern)}"{stroke}/>')
        return parts

    def _lines(self, x_px, y_px):
        parts = []
        for trace in self.data:
            if trace.get("type", "scatter") != "scatter":
                continue
            mode = trace.get("mode") or "lines+markers"
            points = [
                (x_px(x), y_px(y) if y is not None else None)
                for x, y in zip(trace.get("x") or [], trace.get("y") or [], strict=False)
            ]
            colour = self._colour(trace)
            if "lines" in mode:
                parts += self._line_path(trace, points, colour)
            if "markers" in mode:
                parts += self._markers(trace, points, colour)
        return parts

    def _line_path(self, trace, points, colour):
        if trace.get("connectgaps"):
            points = [p for p in points if p[1] is not None]
        step = _get(trace, "line", "shape") == "hv"
        d, previous = [], None
        for x, y in points:
            if y is None:
                previous = None
                continue
            if previous is None:
                d.append(f"M{x:.1f},{y:.1f}")
            elif step:
                d.append(f"H{x:.1f}V{y:.1f}")
            else:
                d.append(f"L{x:.1f},{y:.1f}")
            previous = (x, y)
        if not d or _get(trace, "line", "color") in ("rgba(0,0,0,0)", "transparent"):
            return []
        width = _get(trace, "line", "width", default=2)
        dash = DASHES.get(_get(trace, "line", "dash", default="solid"))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return [
            f'<path d="{"".join(d)}" fill="none" stroke="{_esc(colour)}" stroke-width="{width}"'
            f' stroke-linejoin="round"{dashed}/>'
        ]

    def _markers(self, trace, points, colour):
        size = _get(trace, "marker", "size", default=6)
        symbols = _get(trace, "marker", "symbol", default="circle")
        colours = _get(trace, "marker", "color", default=None) or colour
        count = len(points)
        symbols = symbols if isinstance(symbols, list) else [symbols] * count
        colours = colours if isinstance(colours, list) else [colours] * count
        outline = _get(trace, "marker", "line", "color")
        groups = {}
        for (x, y), symbol, fill in zip(points, symbols, colours, strict=False):
            if y is not None:
                groups.setdefault((symbol, fill), []).append(_symbol_path(symbol, x, y, size))
        parts = []
        for (symbol, fill), paths in groups.items():
            if symbol.endswith("-open"):
                paint = f'fill="#fff" stroke="{_esc(fill)}" stroke-width="2"'
            else:
                paint = f'fill="{_esc(fill)}"' + (f' stroke="{_esc(outline)}" stroke-width="1"' if outline else "")
            parts.append(f'<path d="{"".join(paths)}" {paint}/>')
        return parts

    def _legend_layout(self, items):
        rows, row, used = [], [], 0
        for trace in items:
            width = 34 + _text_width(trace["name"]) + 18
            if row and used + width > WIDTH - 16:
                rows.append(row)
                row, used = [], 0
            row.append((trace, used))
            used += width
        if row:
            rows.append(row)
        return rows

    def _legend(self, rows, top):
        parts = []
        for number, row in enumerate(rows):
            y = top + number * 24
            for trace, offset in row:
                x = 8 + offset
                colour = self._colour(trace)
                if trace.get("type") == "bar":
                    style = self._bar_styles(trace, 1)[0]
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="26" height="14" fill="{self._fill(*style)}"'
                        f' stroke="{AXIS}" stroke-width="0.5"/>'
                    )
                else:
                    mode = trace.get("mode") or "lines+markers"
                    if "lines" in mode:
                        parts += self._line_path(trace, [(x, y - 2), (x + 26, y - 2)], colour)
                    if "markers" in mode:
                        symbol = _get(trace, "marker", "symbol", default="circle")
                        fill = _get(trace, "marker", "color", default=None) or colour
                        # A marker that varies point by point (a rating each) is shown plain:
                        # the legend names the series, the points' shapes say their ratings.
                        varies = isinstance(symbol, list) or isinstance(fill, list)
                        one = {
                            "marker": {
                                "symbol": "circle" if varies else symbol,
                                "size": min(_get(trace, "marker", "size", default=6), 10),
                                "color": colour if varies else fill,
                            }
                        }
                        parts += self._markers(one, [(x + 13, y - 2)], colour)
                parts.append(f'<text x="{x + 32:.1f}" y="{y + 3:.1f}">{_esc(trace["name"])}</text>')
        return parts


def _spaced_labels(labels, centres, left, every):
    """[(x, label)] of every `every`-th category's label, evenly spaced, the
    first and last moved inside the chart; `every` grows until no two touch
    (moving an end label inward could set it on its neighbour)."""
    every = max(1, every)
    while True:
        placed = []
        for index in range(0, len(labels), every):
            half = _text_width(labels[index]) / 2
            placed.append((min(max(centres[index], left + half), WIDTH - 4 - half), labels[index]))
        touching = any(
            b - a < (_text_width(la) + _text_width(lb)) / 2 + 4
            for (a, la), (b, lb) in zip(placed, placed[1:], strict=False)
        )
        if not touching or every >= len(labels):
            return placed
        every += 1


def _wrap(text, width, size, lines=2):
    """`text` broken at spaces into at most `lines` lines that fit `width`,
    the last cut with an ellipsis if it still does not fit (see `_fit`)."""
    most = int(width / (size * CHAR_WIDTH))
    words, result = str(text).split(), []
    while words and len(result) < lines - 1:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= most:
            line += " " + words.pop(0)
        result.append(_fit(line, width, size))
    if words:
        result.append(_fit(" ".join(words), width, size))
    return result


def _fit(text, width, size):
    """`text` cut with an ellipsis to fit `width` (the description and table
    say it in full)."""
    text = str(text)
    most = int(width / (size * CHAR_WIDTH))
    return text if len(text) <= most else text[: max(most - 1, 1)].rstrip() + "…"
