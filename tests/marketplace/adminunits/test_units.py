"""Both structures of administrative units, loaded from the vietnamadminunits package."""

import pytest
from django.core.management import call_command

from marketplace.adminunits.models import Commune, LegacyDistrict, LegacyProvince, LegacyWard, Province
from marketplace.adminunits.resolve import UnitIndex

pytestmark = pytest.mark.django_db


def test_both_structures_are_loaded_with_gso_codes(admin_units):
    assert LegacyProvince.objects.count() == 63
    assert LegacyDistrict.objects.count() >= 690
    assert LegacyWard.objects.count() >= 10_000
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    luc_nam = LegacyDistrict.objects.get(code="218")
    assert (luc_nam.name, luc_nam.province.name, luc_nam.slug) == ("Huyện Lục Nam", "Tỉnh Bắc Giang", "luc-nam")
    assert luc_nam.latitude and luc_nam.longitude


def test_legacy_units_map_to_their_successors(admin_units):
    assert LegacyProvince.objects.get(code="24").successor.short_name == "Bắc Ninh"
    assert LegacyProvince.objects.get(code="66").successor.short_name == "Đắk Lắk"
    assert not LegacyWard.objects.filter(successor=None).exists()
    ward = LegacyWard.objects.select_related("successor__province").get(code="07504")  # xã Huyền Sơn, Lục Nam
    assert ward.successor.province.short_name == "Bắc Ninh"


def test_loading_again_changes_nothing(admin_units):
    before = list(LegacyWard.objects.order_by("code").values_list("code", "name", "successor_id"))
    call_command("load_admin_units", verbosity=0)
    assert list(LegacyWard.objects.order_by("code").values_list("code", "name", "successor_id")) == before


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Thôn Liên Khuyên, xã Huyền Sơn, huyện Lục Nam, tỉnh Bắc Giang", ("24", "218", "07504")),
        ("huyen Luc Nam, Bac Giang", ("24", "218", None)),
        ("Tỉnh Đắk Lắk", ("66", None, None)),
        ("không rõ", (None, None, None)),
    ],
)
def test_addresses_are_resolved_to_unit_codes(admin_units, address, expected):
    units = UnitIndex().resolve(address=address)
    assert (units["legacy_province_id"], units["legacy_district_id"], units["legacy_ward_id"]) == expected
