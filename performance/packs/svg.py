"""Plotly figures as SVG for the PDF, drawn by kaleido with Debian's Chromium.

One kaleido server is started per process, the first time a chart is drawn
(`kaleido.start_sync_server(mathjax=False, n=1, …)`: without mathjax=False it
would fetch MathJax from the internet, and each chart would take ten times as
long), and every later chart of every pack made by that process reuses it.
Where kaleido or Chromium is missing or fails, `ChartRenderer.svg` answers None:
the pack then prints the chart's table with a line saying the chart could not
be drawn, and the error goes to the log, never into the PDF as a trace.
"""

import atexit
import logging
import threading
import warnings

from send_board.charts import LEGEND

logger = logging.getLogger(__name__)

WIDTH = 680  # px: the printable width of A4 portrait at 96 px to the inch, less a little
HEIGHT = 340
_lock = threading.Lock()
_started = False


class ChartsUnavailable(Exception):
    """Kaleido or Chromium cannot draw charts in this process."""


def _start_server():
    global _started
    with _lock:
        if _started:
            return
        try:
            import kaleido

            kaleido.start_sync_server(mathjax=False, n=1, timeout=60, silence_warnings=True)
            # Close Chromium before the interpreter's own shutdown, not in the middle of it.
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
        except Exception as error:  # kaleido missing, Chromium missing or failing to start
            raise ChartsUnavailable(str(error) or error.__class__.__name__) from error
        _started = True


def draw(figure, *, width=WIDTH, height=HEIGHT):
    """The figure as SVG text, `height` high unless the figure sets its own
    (as the risk matrix and a long list of waits do, for the page too).
    Raises ChartsUnavailable."""
    _start_server()
    try:
        import plotly.io as pio

        printable = type(figure)(figure)
        # The legend placed as today's template places it, in a chart stored with an older publication too.
        printable.update_layout(hovermode=False, legend=LEGEND)
        printable.update_xaxes(automargin=True)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            data = pio.to_image(
                printable, format="svg", width=width, height=figure.layout.height or height, validate=False
            )
    except Exception as error:
        raise ChartsUnavailable(str(error) or error.__class__.__name__) from error
    return data.decode() if isinstance(data, bytes) else data


class ChartRenderer:
    """Draws a pack's charts; after the first failure it stops trying (one
    log entry, not one per chart) and every later chart falls back to its table."""

    def __init__(self, *, drawer=None):
        self.drawer = drawer or draw
        self.failure = None

    def svg(self, figure):
        if self.failure is not None:
            return None
        try:
            return self.drawer(figure)
        except ChartsUnavailable as error:
            self.failure = str(error)
            logger.error("Board pack charts replaced by their tables: charts cannot be drawn here (%s)", error)
            return None
