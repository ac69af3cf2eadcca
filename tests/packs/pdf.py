"""Reading the PDFs back: their text (pypdf) and their tagged structure."""

import io
import re

import pypdf


def reader(content):
    return pypdf.PdfReader(io.BytesIO(bytes(content)))


def pdf_text(content):
    """The PDF's text with every run of white space as one space."""
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader(content).pages))


def page_count(content):
    return len(reader(content).pages)


def structure_elements(content):
    """[(structure type, /Alt or None)] of the PDF's structure tree, depth first."""
    root = reader(content).trailer["/Root"]
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    return found
