from types import SimpleNamespace

import pytest

from catalog.certification.models import Status
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, stock_at


@pytest.fixture
def dashboard_staff(client, django_user_model):
    """The test client signed in as a member of the provincial office's staff (no superuser)."""
    user = django_user_model.objects.create_user("vanphong-diemban", "diemban@ocop.local", "x", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def coverage_points(admin_units):
    """Sales points of Bắc Giang (legacy 24) and their stock, for the coverage report:

    * Lục Nam (218): two active points and an inactive one; Lạng Giang (217): one active point;
      the other districts of Bắc Giang: none. Lục Ngạn (219): only an inactive point.
    * Two producers: honey (A, two listable products) and tea (B, one listable product).
    * Stock: ``ln1`` holds honey 1 and tea; ``ln2`` holds honey 1 (again), honey 2 with quantity 0
      and a revoked product (still on the shelf); ``lg`` holds a 2★ product and honey 2; the
      inactive points hold listable stock that must not count.
    * Decision 950: ``ln1`` meets it, ``ln2`` fails two criteria, ``lg`` is not assessed.
    """
    a = ProducerFactory(name="Hợp tác xã Mật ong Lục Nam")
    b = ProducerFactory(name="Hợp tác xã Chè Lạng Giang")
    t = SimpleNamespace(
        honey1=ProductFactory(title="Mật ong hoa vải", producer=a, product_code="24-218-0101"),
        honey2=ProductFactory(title="Mật ong bạc hà", producer=a, product_code="24-218-0102"),
        tea=ProductFactory(title="Chè xanh Lạng Giang", producer=b, product_code="24-217-0201"),
        revoked=ProductFactory(
            title="Rượu làng Vân",
            producer=b,
            product_code="24-217-0202",
            certificate__status=Status.REVOKED,
            certificate__status_reason="sai nhãn mác",
        ),
        two_star=ProductFactory(title="Bánh đa Kế", producer=b, product_code="24-217-0203", certificate__stars=2),
    )
    t.ln1 = SalesPointFactory(code="BG-LN-01", name="Điểm OCOP Lục Nam", meets_950=True)
    t.ln2 = SalesPointFactory(
        code="BG-LN-02",
        name="Cửa hàng Đồi Ngô",
        kind="partner",
        meets_950=False,
        failed_criteria=["signage", "facilities"],
    )
    t.ln_off = SalesPointFactory(code="BG-LN-09", name="Điểm Lục Nam đã đóng", is_active=False)
    t.lg = SalesPointFactory(code="BG-LG-01", name="Điểm OCOP Lạng Giang", legacy_district_id="217")
    t.ngan_off = SalesPointFactory(
        code="BG-LNG-01", name="Điểm Lục Ngạn đã đóng", legacy_district_id="219", is_active=False
    )
    stock_at(t.ln1, t.honey1, 5)
    stock_at(t.ln1, t.tea, 3)
    stock_at(t.ln2, t.honey1, 2)
    stock_at(t.ln2, t.honey2, 0)
    stock_at(t.ln2, t.revoked, 4)
    stock_at(t.lg, t.two_star, 7)
    stock_at(t.lg, t.honey2, 1)
    stock_at(t.ln_off, t.tea, 9)
    stock_at(t.ln_off, t.revoked, 9)
    stock_at(t.ngan_off, t.honey1, 9)
    return t
