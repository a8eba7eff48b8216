"""Load Hessen's WIR regions and communes from the official register, idempotently."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django_scopes import scopes_disabled

from wegweiser.tenancy.models import Commune, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
UNINCORPORATED = "66"  # gemeindefreies Gebiet: no inhabitants, no commune


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: {"regions": 0, "communes": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"regions": 0, "communes": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"regions": 0, "communes": 0})


def _short_name(official: str) -> str:
    """ "Dietzenbach, Kreisstadt" -> "Dietzenbach"; the register appends titles after a comma."""
    return official.split(",", 1)[0].strip()


def _upsert(model: type[Region] | type[Commune], lookup: dict[str, str], values: dict[str, object]) -> str:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    return "updated"


@transaction.atomic
def regions_load(data_dir: Path = DATA_DIR) -> LoadReport:
    """Create or refresh the 33 regions and 421 communes; running it again changes nothing.

    Each commune goes to the region whose key is its AGS (a Sonderstatusstadt) or else to
    the region of its Kreis.
    """
    report = LoadReport()
    with (data_dir / "regions.csv").open(encoding="utf-8") as f:
        region_rows = list(csv.DictReader(f))
    with (data_dir / "gemeinden.csv").open(encoding="utf-8") as f:
        commune_rows = [row for row in csv.DictReader(f) if row["type_code"] != UNINCORPORATED]
    centres: dict[str, tuple[Decimal, Decimal]] = {}
    if (data_dir / "commune_centres.csv").exists():
        with (data_dir / "commune_centres.csv").open(encoding="utf-8") as f:
            centres = {r["ags"]: (Decimal(r["latitude"]), Decimal(r["longitude"])) for r in csv.DictReader(f)}

    with scopes_disabled():
        regions: dict[str, Region] = {}
        for row in region_rows:
            outcome = _upsert(
                Region,
                {"key": row["key"]},
                {"slug": row["slug"], "name": row["name"], "kind": row["kind"], "seat": row["seat"]},
            )
            getattr(report, outcome)["regions"] += 1
            regions[row["key"]] = Region.objects.get(key=row["key"])

        for row in commune_rows:
            region = regions.get(row["ags"]) or regions.get(row["kreis_key"])
            if region is None:
                raise ValueError(f"Commune {row['ags']} ({row['name']}) belongs to no region in regions.csv")
            outcome = _upsert(
                Commune,
                {"ags": row["ags"]},
                {
                    "region_id": region.pk,
                    "ars": row["ars"],
                    "official_name": row["name"],
                    "name": _short_name(row["name"]),
                    "kind": row["type_code"],
                    "population": int(row["population"]),
                    "area_ha": int(row["area_ha"]),
                    "postcode": row["postcode_admin_seat"],
                    "latitude": centres.get(row["ags"], (None, None))[0],
                    "longitude": centres.get(row["ags"], (None, None))[1],
                },
            )
            getattr(report, outcome)["communes"] += 1
    return report
