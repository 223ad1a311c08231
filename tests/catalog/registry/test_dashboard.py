"""The registry's pages in the dashboard: every sync run (the demo's included), the notice of
one that needs attention, and who may see them."""

import pytest

from catalog.registry.models import SyncRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("vanphong", "vp@ocop.local", "x", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_staff_see_sync_runs_and_the_notice_of_a_held_one(staff_client):
    SyncRun.objects.create(source="https://registry.example.vn", outcome="succeeded", counts={"records": 10})
    SyncRun.objects.create(source="https://registry.example.vn", outcome="held", anomaly="would delist 40 of 100")
    html = staff_client.get("/dashboard/ocop/sync/").content.decode()
    assert "would delist 40 of 100" in html and "registry-notice" in html
    assert "registry-notice" in staff_client.get("/dashboard/").content.decode()
    run = SyncRun.objects.first()
    assert "would delist 40 of 100" in staff_client.get(f"/dashboard/ocop/sync/{run.pk}/").content.decode()


def test_the_demo_data_arrives_as_a_recorded_sync_run(demo_registry, staff_client):
    run = SyncRun.objects.get()
    assert (run.triggered_by, run.outcome, run.counts["records"]) == ("demo", "succeeded", len(demo_registry))
    html = staff_client.get("/dashboard/ocop/sync/").content.decode()
    assert f'href="/dashboard/ocop/sync/{run.pk}/"' in html and "registry-demo.json" in html and ">demo<" in html


def test_the_dashboard_menu_leads_to_the_sync_runs_and_the_certificates_to_watch(staff_client):
    html = staff_client.get("/dashboard/").content.decode()
    assert 'href="/dashboard/ocop/sync/"' in html and 'href="/dashboard/ocop/certificates/"' in html


def test_customers_cannot_see_the_sync_runs(client, django_user_model):
    run = SyncRun.objects.create(source="https://registry.example.vn", outcome="succeeded")
    client.force_login(django_user_model.objects.create_user("khach", "khach@example.vn", "x"))
    assert client.get("/dashboard/ocop/sync/").status_code in (302, 403)
    assert client.get(f"/dashboard/ocop/sync/{run.pk}/").status_code in (302, 403)
