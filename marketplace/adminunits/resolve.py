"""Turns what the registry says about a place (GSO codes and/or an address) into the
unit foreign keys of a :class:`~marketplace.adminunits.models.UnitAddress`.

Codes win when they are known; missing codes are found by parsing the address with
``vietnamadminunits``. Units that cannot be found stay empty: a partial address is
never a reason to refuse a record.
"""

import logging
from functools import lru_cache

from vietnamadminunits import ParseMode, parse_address

from .models import LegacyDistrict, LegacyProvince, LegacyWard

log = logging.getLogger(__name__)


class UnitIndex:
    """The legacy units in memory: code -> (parent code, successor code). Built once per
    import so that resolving 20,000 addresses costs no queries."""

    def __init__(self):
        self.provinces = dict(LegacyProvince.objects.values_list("code", "successor_id"))
        self.districts = dict(LegacyDistrict.objects.values_list("code", "province_id"))
        self.wards = {
            code: (district, commune)
            for code, district, commune in LegacyWard.objects.values_list("code", "district_id", "successor_id")
        }

    def resolve(self, province_code=None, district_code=None, ward_code=None, address=""):
        """Return the UnitAddress field values (``*_id``) for these codes or this address."""
        province_code, district_code, ward_code = (
            (c or "").strip() or None for c in (province_code, district_code, ward_code)
        )
        if not (province_code and district_code and ward_code) and address:
            parsed = _parse(address)
            province_code = province_code or parsed[0]
            district_code = district_code or parsed[1]
            ward_code = ward_code or parsed[2]
        ward = ward_code if ward_code in self.wards else None
        district = district_code if district_code in self.districts else None
        if ward and not district:
            district = self.wards[ward][0]
        province = province_code if province_code in self.provinces else None
        if district and not province:
            province = self.districts[district]
        return {
            "legacy_province_id": province,
            "legacy_district_id": district,
            "legacy_ward_id": ward,
            "province_id": self.provinces.get(province),
            "commune_id": self.wards[ward][1] if ward else None,
        }


@lru_cache(maxsize=4096)
def _parse(address):
    try:
        unit = parse_address(address, mode=ParseMode.LEGACY, keep_street=False, level=3)
    except Exception:  # the parser raises on text it cannot read at all
        log.info("Could not parse address %r", address)
        return None, None, None
    return unit.province_code, unit.district_code, unit.ward_code
