"""Reading and checking Integreat exports: the API v3 ``pages`` JSON (an array of pages with
id, path, title, content, excerpt, parent {id, path}, order and available_languages) and
machine-translated texts (records with region, de_page_id, language, title, text).

Everything is checked before anything is written: a bad file raises ``IntegreatImportError``
naming the file and record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class IntegreatImportError(Exception):
    """Input that cannot be imported; the message says which file and record."""


@dataclass(frozen=True)
class IntegreatPage:
    id: int
    title: str
    excerpt: str
    content: str
    parent_id: int | None  # the parent's page id in the same file; None at the top
    position: int  # index among its siblings, by Integreat's ``order``
    links: dict[str, int]  # language code -> id of the page in that language


@dataclass(frozen=True)
class PagesFile:
    name: str
    integreat_region: str
    language: str
    pages: list[IntegreatPage]  # parents before their children


@dataclass(frozen=True)
class MachineText:
    integreat_region: str
    de_page_id: int
    language: str
    title: str
    text: str


def _load_json(path: Path) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IntegreatImportError(f"{path}: file not found.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise IntegreatImportError(f"{path}: cannot be read ({error}).") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise IntegreatImportError(f"{path}: not JSON ({error}).") from None


def _get(record: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = record.get(key) if isinstance(record, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise IntegreatImportError(f"{where}: field '{key}' is missing or has the wrong type.")
    return value


def pages_file_read(path: Path) -> PagesFile:
    """Read and check one Integreat ``pages`` export: a JSON array of pages, all of one
    Integreat region and language, forming a tree."""
    data = _load_json(path)
    if not isinstance(data, list) or not data:
        raise IntegreatImportError(f"{path}: not an Integreat pages export (expected a non-empty JSON array).")
    raw_pages: list[dict[str, Any]] = []
    origin: tuple[str, str] | None = None
    for index, record in enumerate(data):
        where = f"{path}: page {record.get('id') if isinstance(record, dict) else f'#{index}'}"
        page_path = _get(record, "path", str, where)
        parts = page_path.strip("/").split("/")
        if len(parts) < 3:
            raise IntegreatImportError(f"{where}: path '{page_path}' is not /<region>/<language>/<page>/.")
        if origin is None:
            origin = (parts[0], parts[1])
        elif origin != (parts[0], parts[1]):
            raise IntegreatImportError(f"{where}: all pages of a file must be of one region and one language.")
        parent = _get(record, "parent", dict, where)
        if not _get(record, "title", str, where).strip():
            raise IntegreatImportError(f"{where}: the title is empty.")
        links = _get(record, "available_languages", dict, where)
        raw_pages.append(
            {
                "id": _get(record, "id", int, where),
                "path": page_path,
                "title": record["title"].strip(),
                "excerpt": record.get("excerpt") if isinstance(record.get("excerpt"), str) else "",
                "content": _get(record, "content", str, where),
                "parent_id": _get(parent, "id", int, f"{where}, parent"),
                "parent_path": parent.get("path") if isinstance(parent.get("path"), str) else None,
                "order": _get(record, "order", int, where),
                "links": {
                    str(code): _get(link, "id", int, f"{where}, available_languages.{code}")
                    for code, link in links.items()
                },
            }
        )
    assert origin is not None
    return PagesFile(name=str(path), integreat_region=origin[0], language=origin[1], pages=_tree(raw_pages, str(path)))


def _tree(raw_pages: list[dict[str, Any]], name: str) -> list[IntegreatPage]:
    """Resolve each page's parent inside the file and order parents before children."""
    by_path = {page["path"]: page for page in raw_pages}
    by_id = {page["id"]: page for page in raw_pages}
    if len(by_id) != len(raw_pages):
        raise IntegreatImportError(f"{name}: a page id occurs twice.")
    children: dict[int | None, list[dict[str, Any]]] = {}
    for page in raw_pages:
        if page["parent_path"] in by_path:
            parent_id = by_path[page["parent_path"]]["id"]
        elif page["parent_id"] in by_id:
            parent_id = page["parent_id"]
        elif page["parent_path"] is None and page["parent_id"] == 0:
            parent_id = None
        else:
            raise IntegreatImportError(f"{name}: page {page['id']}: its parent page is not in the file.")
        children.setdefault(parent_id, []).append(page)
    ordered: list[IntegreatPage] = []
    frontier: list[int | None] = [None]
    while frontier:
        parent_id = frontier.pop(0)
        siblings = sorted(children.get(parent_id, []), key=lambda page: (page["order"], page["id"]))
        for position, page in enumerate(siblings):
            ordered.append(
                IntegreatPage(
                    id=page["id"],
                    title=page["title"],
                    excerpt=page["excerpt"],
                    content=page["content"],
                    parent_id=parent_id,
                    position=position,
                    links=page["links"],
                )
            )
            frontier.append(page["id"])
    if len(ordered) != len(raw_pages):
        raise IntegreatImportError(f"{name}: the pages' parents form a loop.")
    return ordered


def machine_texts_read(path: Path) -> list[MachineText]:
    """Read the machine-translated texts: a JSON array of records with region, de_page_id,
    language, title and text."""
    data = _load_json(path)
    if not isinstance(data, list):
        raise IntegreatImportError(f"{path}: expected a JSON array of machine-translated texts.")
    texts: list[MachineText] = []
    for index, record in enumerate(data):
        where = f"{path}: record #{index}"
        texts.append(
            MachineText(
                integreat_region=_get(record, "region", str, where),
                de_page_id=_get(record, "de_page_id", int, where),
                language=_get(record, "language", str, where),
                title=_get(record, "title", str, where).strip(),
                text=_get(record, "text", str, where),
            )
        )
        if not texts[-1].title:
            raise IntegreatImportError(f"{where}: the title is empty.")
    return texts
