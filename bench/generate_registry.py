"""A registry export at national scale for benchmarks: N certificates (default 20,000) over the
~700 legacy districts of all 63 provinces, in the contract's JSON format.

    python bench/generate_registry.py --count 20000 --out bench/out/registry-20000.json
"""

import argparse
import datetime
import json
import random
from pathlib import Path

from vietnamadminunits.database import query

PRODUCTS = [
    ("I.2.b", "Mật ong"),
    ("I.5.a", "Chè"),
    ("I.4.a", "Nước mắm"),
    ("I.2.a", "Gạo"),
    ("II.1.a", "Rượu"),
    ("III.1", "Nấm linh chi"),
    ("I.6", "Cà phê"),
    ("I.1.a", "Bưởi"),
    ("I.3.b", "Miến dong"),
    ("IV.1", "Gốm"),
    ("I.3.c", "Mứt"),
    ("I.3.d", "Chả cá"),
    ("I.1.b", "Gà đồi"),
    ("III.3", "Tinh dầu"),
    ("IV.2", "Lụa"),
    ("V.2", "Cây cảnh"),
    ("VI", "Du lịch cộng đồng"),
    ("I.1.a", "Vải thiều"),
    ("I.4.b", "Hồ tiêu"),
]
KINDS = [
    ("cooperative", "Hợp tác xã"),
    ("enterprise", "Công ty TNHH"),
    ("cooperative_group", "Tổ hợp tác"),
    ("household", "Hộ kinh doanh"),
]
TZ = datetime.timezone(datetime.timedelta(hours=7))


def units():
    rows = query("SELECT provinceCode, province, districtCode, district, wardCode, ward FROM admin_units_legacy")
    by_district = {}
    for r in rows:
        by_district.setdefault(r["districtCode"], r)
    return list(by_district.values())


def generate(count, seed=2026):
    rng = random.Random(seed)
    districts = units()
    records, producers = [], []
    for i in range(count):
        if not producers or rng.random() < 0.45:  # 1-4 products per producer on average
            place = rng.choice(districts)
            kind, prefix = rng.choice(KINDS)
            producers.append(
                {
                    "code": f"{place['provinceCode']}-{place['districtCode']}-P{len(producers):05d}",
                    "name": f"{prefix} {place['district'].split(' ', 1)[-1]} {len(producers)}",
                    "kind": kind,
                    "tax_code": f"{rng.randrange(10**9, 10**10)}",
                    "address": f"{place['ward']}, {place['district']}, {place['province']}",
                    "province_code": place["provinceCode"],
                    "district_code": place["districtCode"],
                    "ward_code": place["wardCode"],
                    "phone": f"09{rng.randrange(10**7, 10**8)}",
                    "email": None,
                }
            )
        producer = producers[-1] if rng.random() < 0.7 else rng.choice(producers)
        code, name = rng.choice(PRODUCTS)
        stars = rng.choices([3, 4, 5], weights=[76, 23, 1])[0]
        decided = datetime.date(2023, 12, 1) + datetime.timedelta(days=rng.randrange(1050))
        status = rng.choices(["valid", "revoked", "suspended"], weights=[97, 2, 1])[0]
        updated = datetime.datetime.combine(decided, datetime.time(8), TZ) + datetime.timedelta(minutes=i % 600)
        records.append(
            {
                "certificate_code": f"OCOP-B-{i:06d}",
                "product_code": f"B-{i:06d}",
                "product_name": f"{name} {producer['name'].split(' ', 2)[-1]} {i}",
                "category_code": code,
                "stars": stars,
                "level": "national" if stars == 5 else "province",
                "decision_number": f"{rng.randrange(100, 4000)}/QĐ-UBND",
                "decision_date": decided.isoformat(),
                "valid_until": None,
                "status": status,
                "status_reason": "Vi phạm quy định" if status != "valid" else None,
                "status_changed_at": updated.isoformat() if status != "valid" else None,
                "producer": producer,
                "updated_at": updated.isoformat(),
            }
        )
    records.sort(key=lambda r: (r["updated_at"], r["certificate_code"]))
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", default="bench/out/registry-20000.json")
    args = parser.parse_args()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    records = generate(args.count, args.seed)
    out.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    print(f"{len(records)} certificates, {len({r['producer']['district_code'] for r in records})} districts -> {out}")


if __name__ == "__main__":
    main()
