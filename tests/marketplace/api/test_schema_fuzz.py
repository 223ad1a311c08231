"""Schemathesis against the API's own OpenAPI schema (/api/schema/): requests generated from the
schema, sent through the whole Django stack, never answer a 5xx and always answer what the schema
says (status codes, content types, response bodies)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ProductFactory, SalesPointFactory, producer_user, stock_at

pytestmark = pytest.mark.django_db


from marketplace.wsgi import application  # noqa: E402  (after Django is set up by pytest-django)

# Loaded when the tests are collected: the schema is made from the code, without the database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def one_connection():
    """The whole WSGI application answers here, whose request signals close the database
    connection, and with it the test's transaction: kept open as Django's test client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def listed(admin_units, featured_home_page, one_connection):
    """Something for the endpoints to find: a listed product at a sales point."""
    honey = ProductFactory(title="Mật ong hoa vải", price=120000, certificate__code="OCOP-24-2026-0001")
    stock_at(SalesPointFactory(), honey)
    return Token.objects.create(user=producer_user(honey.producer)).key


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_answers_as_its_schema_says(case, listed):
    """As a producer with a token (its own products change, with whatever values are sent)."""
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
        headers={"Host": "testserver", "Authorization": f"Token {listed}"},
    )
