"""The search behaviour suite runs on every backend: the database always, Elasticsearch when
ELASTICSEARCH_URL points at an Elasticsearch 8 server (each test gets its own index)."""

import os
import uuid

import pytest

from catalog.certification.models import Status
from tests.factories import ProducerFactory, ProductFactory

ELASTICSEARCH = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="set ELASTICSEARCH_URL (e.g. http://localhost:9200) to run against a real Elasticsearch 8 server",
)


@pytest.fixture
def es_index(settings):
    """A fresh alias on the server of $ELASTICSEARCH_URL; its indexes are deleted afterwards."""
    from catalog.search.backends import es

    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.ELASTICSEARCH_INDEX = f"test-ocop-{uuid.uuid4().hex[:12]}"
    yield settings.ELASTICSEARCH_INDEX
    client = es.client()
    names = list(
        client.indices.get_alias(
            index=f"{settings.ELASTICSEARCH_INDEX}-*", allow_no_indices=True, ignore_unavailable=True
        )
    )
    if names:
        client.indices.delete(index=names, ignore_unavailable=True)


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=ELASTICSEARCH)])
def search_backend(request):
    if request.param == "elasticsearch":
        request.getfixturevalue("es_index")
    return request.param


@pytest.fixture
def shop(search_backend, admin_units):
    """Seven listed products over two provinces, and a revoked one, indexed by the backend."""
    from oscar.core.loading import get_model

    Category = get_model("catalogue", "Category")
    tea, coffee, fruit = (Category.objects.get(code=code) for code in ("I.5.a", "I.6", "I.3.c"))
    luc_nam = ProducerFactory(name="Hợp tác xã Huyền Sơn", legacy_province_id="24", legacy_district_id="218")
    dak_lak = ProducerFactory(name="Công ty Cà phê Ban Mê", legacy_province_id="66", legacy_district_id="643")
    products = {
        "honey": ProductFactory(
            title="Mật ong hoa vải Lục Nam",
            producer=luc_nam,
            price=250000,
            description="Mật ong nguyên chất từ rừng vải.",
        ),
        "cordyceps": ProductFactory(title="Đông trùng hạ thảo Lục Nam", producer=luc_nam, certificate__stars=5),
        "tea": ProductFactory(title="Chè Tân Cương", producer=luc_nam, price=120000, subgroup=tea),
        "pork": ProductFactory(title="Giò lợn Ước Lễ", producer=luc_nam, price=90000),
        "pineapple": ProductFactory(title="Dứa Bảo Sơn", producer=luc_nam, price=30000, subgroup=fruit),
        "coconut": ProductFactory(title="Kẹo dừa Bến Tre", producer=luc_nam, price=45000, subgroup=fruit),
        "coffee": ProductFactory(
            title="Cà phê rang xay", producer=dak_lak, price=180000, certificate__stars=3, subgroup=coffee
        ),
        "revoked_honey": ProductFactory(
            title="Mật ong bị thu hồi", producer=luc_nam, price=99000, certificate__status=Status.REVOKED
        ),
    }
    if search_backend == "elasticsearch":
        from catalog.search.backends import es

        es.rebuild()
    return products
