"""GeoReport v2's XML format: the JSON answer's fields as elements of the same names, a
list as a root element of repeated items (<services><service>…</service></services>).

No Django and no project imports: used by the routes and by the error handlers.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree

# A list inside an element holds items of this name (<endpoints><endpoint>…).
ITEM_NAMES = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
CONTENT_TYPE = "text/xml; charset=utf-8"
# XML 1.0 cannot carry most control characters, not even escaped.
_XML_SAFE = {i: None for i in range(32) if i not in (9, 10, 13)}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).translate(_XML_SAFE)


def _fill(element: ElementTree.Element, value: object) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _fill(ElementTree.SubElement(element, name), child)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _fill(ElementTree.SubElement(element, item_name), child)
    else:
        element.text = _text(value)


def xml_document(root: str, value: object, *, item: str | None = None) -> bytes:
    """`value` (a dict, or a list of dicts whose elements are named `item`) as a UTF-8
    XML document under `root`."""
    element = ElementTree.Element(root)
    if isinstance(value, list) and item:
        for child in value:
            _fill(ElementTree.SubElement(element, item), child)
    else:
        _fill(element, value)
    body = ElementTree.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8", "replace")


def xml_errors(code: int, description: str) -> bytes:
    """<errors><error><code/><description/></error></errors>"""
    return xml_document("errors", [{"code": code, "description": description}], item="error")
