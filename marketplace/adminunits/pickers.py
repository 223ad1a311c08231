"""The province → commune pickers of an address form: the current units (34 provinces, 3,321
communes), labelled with the legacy units people still know them by.

Since 2025-07-01 there is no district, and many provinces and communes took new names: a
shopper from the old Bắc Giang finds "Tỉnh Bắc Ninh (trước đây Bắc Giang, Bắc Ninh)", and in
it "Xã Nghĩa Phương (trước đây huyện Lục Nam)". Each list costs a fixed number of queries,
whatever the number of units; both are sorted the way Vietnamese readers expect (diacritics
folded, so "Đắk Lắk" sits with the D's).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from marketplace.text import fold

from .models import Commune, LegacyProvince, LegacyWard, Province


def _sorted(units):
    return sorted(units, key=lambda unit: (fold(unit.short_name), unit.short_name))


def _formerly(name, former):
    return _("%(unit)s (formerly %(former)s)") % {"unit": name, "former": ", ".join(former)}


def province_choices():
    """[(code, label)] of every current province; two queries."""
    former = defaultdict(list)
    for legacy in _sorted(LegacyProvince.objects.only("successor_id", "short_name")):
        former[legacy.successor_id].append(legacy.short_name)
    choices = []
    for province in _sorted(Province.objects.only("code", "name", "short_name")):
        olds = former.get(province.code, [])
        merged = len(olds) > 1 or (olds and olds != [province.short_name])
        choices.append((province.code, _formerly(province.name, olds) if merged else province.name))
    return choices


def commune_choices(province_code):
    """[(code, label)] of the communes of one current province, each with the legacy district(s)
    its wards belonged to; two queries. Empty for an unknown province."""
    districts = defaultdict(list)
    rows = (
        LegacyWard.objects.filter(successor__province_id=province_code)
        .values_list("successor_id", "district__kind", "district__short_name")
        .distinct()
    )
    for commune, kind, short_name in sorted(rows, key=lambda row: fold(row[2])):
        label = f"{kind.lower()} {short_name}" if kind else short_name
        if label not in districts[commune]:
            districts[commune].append(label)
    communes = Commune.objects.filter(province_id=province_code).only("code", "name", "short_name")
    return [
        (commune.code, _formerly(commune.name, districts[commune.code]) if districts[commune.code] else commune.name)
        for commune in _sorted(communes)
    ]
