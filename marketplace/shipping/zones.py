"""Delivery zones: how far a parcel goes, from the producer's province to the delivery address's.

* ``province`` — both in the same (current) province;
* ``region`` — in the same region of Vietnam or in a neighbouring one;
* ``nationwide`` — anything farther, or when either end is unknown.

The regions are the six socio-economic regions of the national master plan 2021–2030
(Resolution 81/2023/QH15). The vietnamadminunits package, which gives us the provinces, has no
regions, so the table below maps each of the 34 current provinces (GSO codes, 2025) to the
region of the former province whose name it kept (Tây Ninh, merged with Long An, stays in the
Southeast; Quảng Ngãi, with Kon Tum, on the central coast; Gia Lai, Đắk Lắk and Lâm Đồng in the
Central Highlands). Neighbouring regions share a land border. A test checks the table against
the provinces loaded from the package.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Zone(models.TextChoices):
    PROVINCE = "province", _("within the province")
    REGION = "region", _("same or neighbouring region")
    NATIONWIDE = "nationwide", _("nationwide")


class Region(models.TextChoices):
    NORTHERN_MOUNTAINS = "northern_mountains", _("Northern midlands and mountains")
    RED_RIVER_DELTA = "red_river_delta", _("Red River Delta")
    CENTRAL_COAST = "central_coast", _("North Central and Central Coast")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central Highlands")
    SOUTHEAST = "southeast", _("Southeast")
    MEKONG_DELTA = "mekong_delta", _("Mekong Delta")


_R = Region
#: Current province GSO code → region.
PROVINCE_REGIONS = {
    "04": _R.NORTHERN_MOUNTAINS,  # Cao Bằng
    "08": _R.NORTHERN_MOUNTAINS,  # Tuyên Quang (with Hà Giang)
    "11": _R.NORTHERN_MOUNTAINS,  # Điện Biên
    "12": _R.NORTHERN_MOUNTAINS,  # Lai Châu
    "14": _R.NORTHERN_MOUNTAINS,  # Sơn La
    "15": _R.NORTHERN_MOUNTAINS,  # Lào Cai (with Yên Bái)
    "19": _R.NORTHERN_MOUNTAINS,  # Thái Nguyên (with Bắc Kạn)
    "20": _R.NORTHERN_MOUNTAINS,  # Lạng Sơn
    "25": _R.NORTHERN_MOUNTAINS,  # Phú Thọ (with Vĩnh Phúc, Hòa Bình)
    "01": _R.RED_RIVER_DELTA,  # Hà Nội
    "22": _R.RED_RIVER_DELTA,  # Quảng Ninh
    "24": _R.RED_RIVER_DELTA,  # Bắc Ninh (with Bắc Giang)
    "31": _R.RED_RIVER_DELTA,  # Hải Phòng (with Hải Dương)
    "33": _R.RED_RIVER_DELTA,  # Hưng Yên (with Thái Bình)
    "37": _R.RED_RIVER_DELTA,  # Ninh Bình (with Hà Nam, Nam Định)
    "38": _R.CENTRAL_COAST,  # Thanh Hóa
    "40": _R.CENTRAL_COAST,  # Nghệ An
    "42": _R.CENTRAL_COAST,  # Hà Tĩnh
    "44": _R.CENTRAL_COAST,  # Quảng Trị (with Quảng Bình)
    "46": _R.CENTRAL_COAST,  # Huế
    "48": _R.CENTRAL_COAST,  # Đà Nẵng (with Quảng Nam)
    "51": _R.CENTRAL_COAST,  # Quảng Ngãi (with Kon Tum)
    "56": _R.CENTRAL_COAST,  # Khánh Hòa (with Ninh Thuận)
    "52": _R.CENTRAL_HIGHLANDS,  # Gia Lai (with Bình Định)
    "66": _R.CENTRAL_HIGHLANDS,  # Đắk Lắk (with Phú Yên)
    "68": _R.CENTRAL_HIGHLANDS,  # Lâm Đồng (with Đắk Nông, Bình Thuận)
    "75": _R.SOUTHEAST,  # Đồng Nai (with Bình Phước)
    "79": _R.SOUTHEAST,  # Hồ Chí Minh (with Bình Dương, Bà Rịa – Vũng Tàu)
    "80": _R.SOUTHEAST,  # Tây Ninh (with Long An)
    "82": _R.MEKONG_DELTA,  # Đồng Tháp (with Tiền Giang)
    "86": _R.MEKONG_DELTA,  # Vĩnh Long (with Bến Tre, Trà Vinh)
    "91": _R.MEKONG_DELTA,  # An Giang (with Kiên Giang)
    "92": _R.MEKONG_DELTA,  # Cần Thơ (with Sóc Trăng, Hậu Giang)
    "96": _R.MEKONG_DELTA,  # Cà Mau (with Bạc Liêu)
}

#: Regions that share a land border.
NEIGHBOURS = {
    _R.NORTHERN_MOUNTAINS: {_R.RED_RIVER_DELTA, _R.CENTRAL_COAST},
    _R.RED_RIVER_DELTA: {_R.NORTHERN_MOUNTAINS, _R.CENTRAL_COAST},
    _R.CENTRAL_COAST: {_R.NORTHERN_MOUNTAINS, _R.RED_RIVER_DELTA, _R.CENTRAL_HIGHLANDS},
    _R.CENTRAL_HIGHLANDS: {_R.CENTRAL_COAST, _R.SOUTHEAST},
    _R.SOUTHEAST: {_R.CENTRAL_HIGHLANDS, _R.MEKONG_DELTA},
    _R.MEKONG_DELTA: {_R.SOUTHEAST},
}


def region_of(province_code):
    return PROVINCE_REGIONS.get(province_code or "")


def zone(origin, destination):
    """The zone of a parcel from province code ``origin`` to ``destination`` (either may be None)."""
    if not origin or not destination:
        return Zone.NATIONWIDE
    if origin == destination:
        return Zone.PROVINCE
    here, there = region_of(origin), region_of(destination)
    if here and there and (here == there or there in NEIGHBOURS[here]):
        return Zone.REGION
    return Zone.NATIONWIDE
