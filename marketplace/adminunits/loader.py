"""Loads both structures of administrative units from the ``vietnamadminunits`` package.

The package ships a SQLite dataset (legacy and current units with GSO codes and
coordinates) and the 2025 conversion tables, keyed by normalised names. We read them
directly so that loading all ~13,000 units takes a few seconds and needs no network.
"""

import json
from pathlib import Path

import vietnamadminunits
from vietnamadminunits.database import query

from marketplace.text import vn_slugify

from .models import Commune, LegacyDistrict, LegacyProvince, LegacyWard, Province

PACKAGE_DATA = Path(vietnamadminunits.__file__).parent / "data"


def _upsert(model, objs, fields):
    model.objects.bulk_create(
        objs, batch_size=1000, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )
    return len(objs)


def _unit(model, row, level, **extra):
    return model(
        code=row[f"{level}Code"],
        name=row[level],
        short_name=row[f"{level}Short"],
        slug=vn_slugify(row[f"{level}Short"]),
        latitude=row[f"{level}Lat"],
        longitude=row[f"{level}Lon"],
        **extra,
    )


COMMON = ["name", "short_name", "slug", "latitude", "longitude"]


def load_current():
    rows = query("SELECT * FROM admin_units ORDER BY provinceCode, wardCode")
    provinces = {r["provinceCode"]: _unit(Province, r, "province") for r in rows}
    communes = [_unit(Commune, r, "ward", province_id=r["provinceCode"], kind=r["wardType"]) for r in rows]
    _upsert(Province, list(provinces.values()), COMMON)
    _upsert(Commune, communes, COMMON + ["province", "kind"])
    keys = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in rows}
    province_keys = {r["provinceKey"]: r["provinceCode"] for r in rows}
    return len(provinces), len(communes), keys, province_keys


def _successor_maps(commune_codes, province_codes):
    """legacy province key -> current province code; "prov_dist_ward" key -> commune code."""
    data = json.loads((PACKAGE_DATA / "converter_2025.json").read_text())
    province_of = {old: province_codes[new] for new, olds in data["DICT_PROVINCE"].items() for old in olds}
    ward_of = {}
    for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                ward_of[old_key] = commune_codes.get((new_province, new_ward))
    for new_province, divided in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, options in divided.items():
            default = next((o for o in options if o["isDefaultNewWard"]), options[0])
            ward_of.setdefault(old_key, commune_codes.get((new_province, default["newWardKey"])))
    return province_of, ward_of


def load_legacy(commune_codes, province_codes, progress=None):
    province_of, ward_of = _successor_maps(commune_codes, province_codes)
    rows = query("SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")
    provinces, districts, wards = {}, {}, []
    for r in rows:
        provinces.setdefault(
            r["provinceCode"], _unit(LegacyProvince, r, "province", successor_id=province_of[r["provinceKey"]])
        )
        districts.setdefault(
            r["districtCode"],
            _unit(LegacyDistrict, r, "district", province_id=r["provinceCode"], kind=r["districtType"]),
        )
        if r["wardCode"]:
            key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"
            wards.append(
                _unit(
                    LegacyWard,
                    r,
                    "ward",
                    district_id=r["districtCode"],
                    kind=r["wardType"] or "",
                    successor_id=ward_of.get(key),
                )
            )
        if progress:
            progress(1)
    _upsert(LegacyProvince, list(provinces.values()), COMMON + ["successor"])
    _upsert(LegacyDistrict, list(districts.values()), COMMON + ["province", "kind"])
    _upsert(LegacyWard, wards, COMMON + ["district", "kind", "successor"])
    return len(provinces), len(districts), len(wards)


def legacy_row_count():
    return query("SELECT COUNT(*) AS n FROM admin_units_legacy")[0]["n"]
