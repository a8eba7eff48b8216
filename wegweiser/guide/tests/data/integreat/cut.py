"""Cut the test subset out of the integreat-qa page dumps (see README.md).

    python cut.py <folder with rems-murr-kreis_de_pages.json, …_en_pages.json, page_texts_mt_ar_uk_fr.json>

Keeps two complete top-level subtrees of the Rems-Murr-Kreis guide in German, their English
counterparts and their machine-translated records, each object unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REGION = "rems-murr-kreis"
ROOTS = {3148123, 3690960}  # "Willkommen", "Sprache und Bildung"
HERE = Path(__file__).parent


def main(source: Path) -> None:
    de = json.loads((source / f"{REGION}_de_pages.json").read_text())
    en = json.loads((source / f"{REGION}_en_pages.json").read_text())
    mt = json.loads((source / "page_texts_mt_ar_uk_fr.json").read_text())
    by_path = {page["path"]: page for page in de}
    keep: list[dict[str, object]] = []
    for page in de:
        node = page
        while node["parent"]["path"] is not None and node["id"] not in ROOTS:
            node = by_path[node["parent"]["path"]]
        if node["id"] in ROOTS:
            keep.append(page)
    ids = {page["id"] for page in keep}
    en_keep = [page for page in en if page["available_languages"].get("de", {}).get("id") in ids]
    mt_keep = [r for r in mt if r["region"] == REGION and r["de_page_id"] in ids]
    for name, rows in [
        (f"{REGION}_de_pages.json", keep),
        (f"{REGION}_en_pages.json", en_keep),
        ("page_texts_mt_ar_uk_fr.json", mt_keep),
    ]:
        (HERE / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        print(name, len(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
