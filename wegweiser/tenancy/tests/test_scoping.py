"""An unscoped query on region-owned data fails loudly instead of leaking."""

import pytest
from django_scopes import scope
from django_scopes.exceptions import ScopeError

from wegweiser.audit.models import AuditEntry
from wegweiser.tenancy.models import Commune, Invitation, Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Commune, Membership, Invitation, AuditEntry])
def test_query_without_region_scope_raises(hessen, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())


def test_scope_shows_only_that_regions_rows(region, other_region, member):
    mine = member("staff", region=region)
    theirs = member("staff", region=other_region)
    with scope(region=region):
        assert [m.user for m in Membership.objects.all()] == [mine]
        assert Commune.objects.count() == 13
    with scope(region=other_region):
        assert [m.user for m in Membership.objects.all()] == [theirs]
        assert list(Commune.objects.values_list("name", flat=True)) == ["Offenbach am Main"]
