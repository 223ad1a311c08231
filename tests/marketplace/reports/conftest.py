"""A province's year of OCOP, with every figure of its report computed by hand (see each test).

Frozen at 15/11/2026 10:00 in Vietnam; the report is for Q4 2026 and for Bắc Ninh (the current
province that Bắc Giang and Bắc Ninh became). Products, by producer:
  A (Lục Nam, first certified 01/06/2025): A1 honey 5★ I (valid until 05/12/2026: 20 days left),
     A2 dried lychee 4★ I (valid until 10/01/2027: 56 days left), A3 wine 3★ I revoked 15/10/2026
  B (Yên Thế, first certified 01/08/2026): B1 tea 3★ II, B2 noodles 4★ I (decision 20/10/2026)
  D (Lục Nam, first certified 01/03/2025): D1 pottery 3★ IV, never sold
  C (Hà Nội, another province): C1 4★ I
Orders: A1 1×100.000 on 10/03/2025 (A's year before), A1 2×100.000 on 10/09/2025 (A's year
after: ×2.00), A1 3×100.000 on 05/10/2026, B1 1×50.000 on 02/11/2026, and not counted: an A1 line
cancelled (12/10/2026), an A1 order awaiting payment (13/10/2026), C1 5×80.000 (03/11/2026).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from catalog.certification.models import Certificate, CertificateEvent, Status
from marketplace.adminunits.models import LegacyDistrict, Province
from marketplace.order import statuses
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, certify, create_order

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=VIETNAM)
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Category = get_model("catalogue", "Category")


def day(y, m, d):
    return datetime.date(y, m, d)


def sold(product, quantity, when, order_status=statuses.PLACED, line_status=statuses.NEW):
    """An order of ``quantity`` × ``product`` placed at noon on ``when``."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    order = create_order(basket=basket)
    placed = datetime.datetime.combine(when, datetime.time(12, 0), VIETNAM)
    Order.objects.filter(pk=order.pk).update(date_placed=placed, status=order_status)
    order.lines.update(status=line_status)
    return order


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def province_year(frozen, admin_units):
    bac_ninh, ha_noi = Province.objects.get(short_name="Bắc Ninh"), Province.objects.get(short_name="Hà Nội")
    luc_nam, yen_the = LegacyDistrict.objects.get(code="218"), LegacyDistrict.objects.get(code="215")
    group = {code: Category.objects.get(code=code) for code in ("I", "II", "IV")}

    def producer(name, district, province=bac_ninh):
        return ProducerFactory(
            name=name,
            province=province,
            legacy_province=district.province if district else None,
            legacy_district=district,
        )

    def product(title, maker, stars, decision, valid_until=None, code="I", price=100000, status=Status.VALID):
        item = ProductFactory(title=title, producer=maker, group=group[code], certificate=False, price=price)
        certify(item, stars=stars, decision_date=decision, valid_until=valid_until, status=status)
        return item

    a, b, d = producer("HTX A", luc_nam), producer("HTX B", yen_the), producer("HTX D", luc_nam)
    c = producer("HTX C", None, province=ha_noi)
    a1 = product("Mật ong A1", a, 5, day(2025, 6, 1), valid_until=day(2026, 12, 5))
    a2 = product("Vải sấy A2", a, 4, day(2025, 12, 1), valid_until=day(2027, 1, 10))
    a3 = product("Rượu A3", a, 3, day(2025, 7, 1))
    b1 = product("Chè B1", b, 3, day(2026, 8, 1), code="II", price=50000)
    product("Miến B2", b, 4, day(2026, 10, 20))
    d1 = product("Gốm D1", d, 3, day(2025, 3, 1), code="IV")
    c1 = product("Nước mắm C1", c, 4, day(2026, 11, 1), price=80000)

    sold(a1, 1, day(2025, 3, 10))
    sold(a1, 2, day(2025, 9, 10))
    sold(a1, 3, day(2026, 10, 5))
    sold(b1, 1, day(2026, 11, 2))
    sold(a1, 1, day(2026, 10, 12), line_status=statuses.LINE_CANCELLED)
    sold(a1, 1, day(2026, 10, 13), order_status=statuses.AWAITING_PAYMENT)
    sold(c1, 5, day(2026, 11, 3))

    revoked = a3.certificate
    Certificate.objects.filter(pk=revoked.pk).update(status=Status.REVOKED)
    CertificateEvent.objects.create(
        certificate=revoked,
        kind=CertificateEvent.Kind.STATUS,
        old_status=Status.VALID,
        new_status=Status.REVOKED,
        reason="Vi phạm an toàn thực phẩm",
        happened_at=datetime.datetime(2026, 10, 15, 9, 0, tzinfo=VIETNAM),
    )
    SalesPointFactory(legacy_province=luc_nam.province, legacy_district=luc_nam)
    return {"province": bac_ninh, "a1": a1, "a2": a2, "b1": b1, "c1": c1, "d1": d1, "revoked": revoked}
