"""The API's documentation (/api/docs/) works in a browser under the site's Content-Security-
Policy: Swagger UI from our own static files shows every endpoint, and "Try it out" answers."""

import pytest

from .conftest import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_list_the_endpoints_and_try_one(page, demo_store):
    errors, violations = [], csp_violations(page)
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(demo_store + "/api/docs/")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/products/" in paths and "/api/certificates/{code}/" in paths
    assert all(url.startswith(demo_store) for url in requests)  # nothing from a CDN
    page.locator(".opblock-summary-path", has_text="/api/fairs/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".response-col_status").filter(has_text="200").first.wait_for()
    assert not errors and not violations
