import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from wegweiser.tenancy.loader import regions_load
from wegweiser.tenancy.models import Commune, Region

pytestmark = pytest.mark.django_db

SONDERSTATUSSTAEDTE = {
    "bad-homburg": "06434001",
    "fulda": "06631009",
    "giessen": "06531005",
    "hanau": "06435014",
    "marburg": "06534014",
    "ruesselsheim-am-main": "06433012",
    "wetzlar": "06532023",
}


def test_loads_33_regions_by_kind_and_421_communes(hessen):
    assert Region.objects.count() == 33
    assert Region.objects.filter(kind="landkreis").count() == 21
    assert Region.objects.filter(kind="kreisfreie_stadt").count() == 5
    assert Region.objects.filter(kind="sonderstatusstadt").count() == 7
    with scopes_disabled():
        assert Commune.objects.count() == 421


def test_kreis_offenbach_has_its_13_communes(region):
    with scopes_disabled():
        names = sorted(Commune.objects.filter(region=region).values_list("name", flat=True))
    assert names == [
        "Dietzenbach",
        "Dreieich",
        "Egelsbach",
        "Hainburg",
        "Heusenstamm",
        "Langen (Hessen)",
        "Mainhausen",
        "Mühlheim am Main",
        "Neu-Isenburg",
        "Obertshausen",
        "Rodgau",
        "Rödermark",
        "Seligenstadt",
    ]
    assert region.slug == "kreis-offenbach"
    assert region.key == "06438"


def test_official_keys_names_and_population(hessen):
    with scopes_disabled():
        dietzenbach = Commune.objects.get(ags="06438001")
    assert dietzenbach.official_name == "Dietzenbach, Kreisstadt"
    assert dietzenbach.name == "Dietzenbach"
    assert dietzenbach.ars == "064380001001"
    assert dietzenbach.population == 34928
    assert dietzenbach.postcode == "63128"
    assert Region.objects.get(slug="offenbach-am-main").kind == "kreisfreie_stadt"


@pytest.mark.parametrize(("slug", "ags"), sorted(SONDERSTATUSSTAEDTE.items()))
def test_sonderstatusstadt_is_its_own_region_not_part_of_its_landkreis(hessen, slug, ags):
    region = Region.objects.get(slug=slug)
    with scopes_disabled():
        assert list(Commune.objects.filter(region=region).values_list("ags", flat=True)) == [ags]
        landkreis = Region.objects.get(key=ags[:5])
        assert not Commune.objects.filter(region=landkreis, ags=ags).exists()
    assert region.kind == "sonderstatusstadt"


def test_every_commune_in_exactly_one_region_and_population_adds_up(hessen):
    with scopes_disabled():
        assert Commune.objects.filter(region__isnull=True).count() == 0
        total = sum(Commune.objects.values_list("population", flat=True))
    # The register's total of 6,391,360 includes the four uninhabited areas with 0.
    assert total == 6_391_360


def test_loading_again_changes_nothing(hessen):
    with scopes_disabled():
        before = list(Commune.objects.order_by("ags").values())
    report = regions_load()
    assert report.created == {"regions": 0, "communes": 0}
    assert report.updated == {"regions": 0, "communes": 0}
    assert report.unchanged == {"regions": 33, "communes": 421}
    with scopes_disabled():
        assert list(Commune.objects.order_by("ags").values()) == before


def test_refresh_repairs_a_changed_row(hessen):
    with scopes_disabled():
        Commune.objects.filter(ags="06438011").update(population=1, name="Falsch")
    report = regions_load()
    assert report.updated == {"regions": 0, "communes": 1}
    with scopes_disabled():
        rodgau = Commune.objects.get(ags="06438011")
    assert (rodgau.name, rodgau.population) == ("Rodgau", 46426)


def test_management_command_reports_counts(hessen, capsys):
    call_command("load_regions")
    out = capsys.readouterr().out
    assert out == ("regions: 0 created, 0 updated, 33 unchanged\ncommunes: 0 created, 0 updated, 421 unchanged\n")


def test_region_slugs_are_readable_and_unique(hessen):
    slugs = list(Region.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 33
    assert {
        "kreis-offenbach",
        "offenbach-am-main",
        "frankfurt-am-main",
        "kreis-gross-gerau",
        "werra-meissner-kreis",
    } <= set(slugs)
