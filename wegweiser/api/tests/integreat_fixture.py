"""Loads the content of Integreat CMS's test fixture (``data/test_data_content_subset.json``)
into Wegweiser through the guide's services: regions Augsburg and Nürnberg with their
visible languages, page tree (order, translations, an archived subtree), locations, events
(recurring), imprint, offers and sent news.

Each item takes the newest *public* version of its text per language, as Integreat's API
shows it; an item without a public German text is left out (Integreat hides it too).
The services make slugs from titles; Integreat's own slugs are then put back on the texts,
so that paths can be compared with Integreat's expected outputs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django_scopes import scopes_disabled

from wegweiser.guide import services
from wegweiser.guide.models import ContentItem, Event, Imprint, Language, NewsItem, Offer, Page, Place, Translation
from wegweiser.tenancy.models import Region

DATA = Path(__file__).parent / "data"
REGIONS = {1: ("augsburg", "Stadt Augsburg", "90001"), 2: ("nurnberg", "Nürnberg", "90002")}
CATEGORIES = {1: Place.Category.COUNSELLING, 2: Place.Category.OFFICE, 3: Place.Category.LEISURE}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def expected(name: str) -> Any:
    return json.loads((DATA / "expected-outputs" / name).read_text())


def _rows() -> dict[str, dict[int, dict[str, Any]]]:
    rows: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in json.loads((DATA / "test_data_content_subset.json").read_text()):
        rows[row["model"]][row["pk"]] = row["fields"]
    return rows


def _public_texts(rows: dict[int, dict[str, Any]], owner: str) -> dict[int, dict[int, dict[str, Any]]]:
    """``{owner_pk: {language_pk: newest public translation}}``."""
    result: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for fields in sorted(rows.values(), key=lambda f: f["version"]):
        if fields["status"] == "PUBLIC":
            result[fields[owner]][fields["language"]] = fields
    return result


class _Loader:
    def __init__(self, rows: dict[str, dict[int, dict[str, Any]]], region: Region, integreat_pk: int) -> None:
        self.rows, self.region, self.pk = rows, region, integreat_pk
        self.languages: dict[int, Language] = {}
        self.source_pk = 0

    def languages_add(self) -> None:
        nodes = [n for n in self.rows["cms.languagetreenode"].values() if n["region"] == self.pk]
        for node in sorted(nodes, key=lambda n: n["lft"]):
            code = self.rows["cms.language"][node["language"]]["slug"]
            language = Language.objects.filter(code=code).first()
            if not (node["visible"] and node["active"]) or language is None:
                continue
            is_source = node["parent"] is None
            services.region_language_add(actor=None, region=self.region, language=language, is_source=is_source)
            self.languages[node["language"]] = language
            if is_source:
                self.source_pk = node["language"]

    def item_add(
        self, model: type[ContentItem], texts: dict[int, dict[str, Any]], *, slugs: bool = True, **attrs: Any
    ) -> ContentItem | None:
        """The item with its public texts (German first), or None without a German one."""
        source = texts.get(self.source_pk)
        if source is None:
            return None
        item = services.item_create(
            actor=None,
            region=self.region,
            model=model,
            title=source["title"],
            summary=source.get("meta_description", ""),
            body=source["content"],
            status=ContentItem.Status.PUBLISHED,
            **attrs,
        )
        for language_pk, fields in texts.items():
            language = self.languages.get(language_pk)
            if language is None:
                continue
            if language_pk != self.source_pk:
                services.text_save(
                    actor=None,
                    item=item,
                    language=language,
                    title=fields["title"] or source["title"],
                    summary=fields.get("meta_description", ""),
                    body=fields["content"],
                )
            if slugs and fields.get("slug"):
                with scopes_disabled():
                    Translation.objects.filter(item=item, language=language).update(slug=fields["slug"])
        return item

    def pages_add(self) -> None:
        texts = _public_texts(self.rows["cms.pagetranslation"], "page")
        pages = sorted(
            ((pk, f) for pk, f in self.rows["cms.page"].items() if f["region"] == self.pk),
            key=lambda p: (p[1]["tree_id"], p[1]["lft"]),
        )
        created: dict[int, ContentItem] = {}
        for pk, fields in pages:
            parent = created.get(fields["parent"]) if fields["parent"] else None
            if fields["parent"] and parent is None:
                continue
            # Integreat's "order": the tree number of a top-level page, else its left value.
            position = fields["tree_id"] if fields["parent"] is None else fields["lft"]
            item = self.item_add(
                Page, texts.get(pk, {}), parent=parent, position=position, external_id=f"integreat:page:{pk}"
            )
            if item is not None:
                created[pk] = item
        for pk, fields in pages:
            if fields["explicitly_archived"] and pk in created:
                services.item_set_status(actor=None, item=created[pk], status=ContentItem.Status.ARCHIVED)

    def places_add(self) -> dict[int, ContentItem]:
        texts = _public_texts(self.rows["cms.poitranslation"], "poi")
        created: dict[int, ContentItem] = {}
        for pk, poi in self.rows["cms.poi"].items():
            if poi["region"] != self.pk or poi["archived"]:
                continue
            item = self.item_add(
                Place,
                texts.get(pk, {}),
                category=CATEGORIES[poi["category"]],
                street=poi["address"],
                postcode=poi["postcode"],
                town=poi["city"],
                latitude=Decimal(str(round(poi["latitude"], 6))),
                longitude=Decimal(str(round(poi["longitude"], 6))),
                is_barrier_free=poi["barrier_free"],
                phone=poi["phone_number"],
                email=poi["email"],
                website=poi["website"],
                opening_hours=poi["opening_hours"],
                is_temporarily_closed=poi["temporarily_closed"],
                external_id=f"integreat:poi:{pk}",
            )
            if item is not None:
                created[pk] = item
        return created

    def events_add(self, places: dict[int, ContentItem]) -> None:
        texts = _public_texts(self.rows["cms.eventtranslation"], "event")
        for pk, event in self.rows["cms.event"].items():
            if event["region"] != self.pk or event["archived"]:
                continue
            rule = ""
            if event["recurrence_rule"]:
                r = self.rows["cms.recurrencerule"][event["recurrence_rule"]]
                days = ",".join(WEEKDAYS[int(d)] for d in json.loads(r["weekdays_for_weekly"] or "[]"))
                until = r["recurrence_end_date"].replace("-", "")
                rule = f"FREQ={r['frequency']};INTERVAL={r['interval']};UNTIL={until}T235959" + (
                    f";BYDAY={days}" if days else ""
                )
            self.item_add(
                Event,
                texts.get(pk, {}),
                starts_at=datetime.fromisoformat(event["start"]),
                ends_at=datetime.fromisoformat(event["end"]),
                recurrence_rule=rule,
                location=places.get(event["location"]) if event["location"] else None,
                external_id=f"integreat:event:{pk}",
            )

    def imprint_add(self) -> None:
        texts = _public_texts(self.rows["cms.imprintpagetranslation"], "page")
        for pk, imprint in self.rows["cms.imprintpage"].items():
            if imprint["region"] == self.pk:
                self.item_add(Imprint, texts.get(pk, {}), slugs=False, external_id=f"integreat:imprint:{pk}")

    def offers_add(self, postcode: str) -> None:
        region = self.rows["cms.region"][self.pk]
        for pk in region["offers"]:
            template = self.rows["cms.offertemplate"][pk]
            url = template["url"] + (postcode if template["use_postal_code"] == "GET" else "")
            texts = {self.source_pk: {"title": template["name"], "content": "", "slug": template["slug"]}}
            self.item_add(Offer, texts, offer_kind=Offer.OfferKind.APPRENTICESHIP, website=url)

    def news_add(self) -> None:
        by_notification: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
        for fields in self.rows["cms.pushnotificationtranslation"].values():
            by_notification[fields["push_notification"]][fields["language"]] = {
                "title": fields["title"],
                "content": f"<p>{fields['text']}</p>",
            }
        for pk, notification in self.rows["cms.pushnotification"].items():
            if self.pk in notification["regions"] and notification["sent_date"] and not notification["draft"]:
                self.item_add(
                    NewsItem,
                    by_notification[pk],
                    slugs=False,
                    published_at=datetime.fromisoformat(notification["sent_date"]),
                )


def integreat_load() -> dict[str, Region]:
    """Create Augsburg and Nürnberg (as extra regions) with Integreat's test content."""
    rows = _rows()
    result: dict[str, Region] = {}
    for pk, (slug, name, key) in REGIONS.items():
        region = Region.objects.create(key=key, slug=slug, name=name, kind=Region.Kind.LANDKREIS)
        loader = _Loader(rows, region, pk)
        loader.languages_add()
        loader.pages_add()
        places = loader.places_add()
        loader.events_add(places)
        loader.imprint_add()
        loader.offers_add(rows["cms.region"][pk]["postal_code"])
        loader.news_add()
        result[slug] = region
    return result
