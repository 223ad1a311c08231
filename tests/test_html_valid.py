"""The storefront's pages are valid HTML: the Nu Html Checker (npm's ``vnu-jar``, run with Java)
finds no error in them. `.ci/run` installs the checker; without it (or Java) the test is skipped
with a message saying how to get it."""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.cms.live.conftest import live_session
from tests.factories import (
    ProductFactory,
    SalesPointFactory,
    make_combo,
    published_news,
    published_story,
    stock_at,
)

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.django_db
def test_the_main_pages_are_valid_html(client, admin_units, featured_home_page, tmp_path):
    if not (VNU.exists() and shutil.which("java")):
        pytest.skip("the Nu Html Checker is not installed (npm install vnu-jar; needs Java) — .ci/run installs it")
    product = ProductFactory(title="Mật ong hoa vải Lục Nam", price=250000)
    point = SalesPointFactory(code="BG-LN-01", slug="bg-ln-01", operator="Trung tâm Văn hóa huyện Lục Nam")
    stock_at(point, product, 7)
    story = published_story(product, video_url="https://youtu.be/abc")
    session = live_session(products=[product])
    ended = live_session("Đã phát xong", starts_at=timezone.now() - timedelta(days=7), products=[product])
    photo = get_image_model().objects.create(title="Hội đồng", file=get_test_image_file(size=(1600, 1000)))
    article = published_news(
        "Hội đồng đánh giá sản phẩm", tags=["Mật ong"], products=[product], lead_image=photo, lead_image_caption="Ảnh"
    )
    pages = {
        "home": "/",
        "catalogue": "/catalogue/",
        "search": "/search/?q=mat+ong",
        "product": product.get_absolute_url(),
        "producer": product.producer.get_absolute_url(),
        "verify": "/verify/",
        "certificate": f"/verify/{product.certificate.code}/",
        "basket": "/basket/",
        "login": "/accounts/login/",
        "locator": "/sales-points/",
        "locator-filtered": f"/sales-points/?province=24&open=now&product={product.pk}",
        "locator-near": "/sales-points/?lat=21.3&lng=106.4",
        "point": point.get_absolute_url(),
        "stories": "/cau-chuyen-san-pham/",
        "story": story.url,
        "livestream": "/livestream/",
        "live-session": session.url,
        "live-session-ended": ended.url,
        "news": "/tin-tuc/?category=programme&tag=mat-ong",
        "article": article.url,
        "open-data": "/open-data/",
        "gift-combo": make_combo([product], price=300000).get_absolute_url(),
        "gift-combos": "/catalogue/?combo=1",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
