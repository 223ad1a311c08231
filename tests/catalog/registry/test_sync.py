"""The registry sync engine, from files: recorded runs, dry runs, the delisting guard,
notices to producers and alerts to staff."""

import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from catalog.certification.models import CertificateEvent, Notice
from catalog.registry.models import SyncRun
from catalog.search.service import SearchRequest, search
from catalog.signals import products_changed
from tests.factories import registry_record as record

Product = get_model("catalogue", "Product")
Certificate = get_model("certification", "Certificate")

pytestmark = pytest.mark.django_db


def catalogue(n, **changes):
    """``n`` certificates of ``n`` products of one producer (who has an e-mail address)."""
    return [
        record(
            **{
                "certificate_code": f"OCOP-24-2025-{i:04d}",
                "product_code": f"24-218-{i:04d}",
                "product_name": f"Mật ong Lục Nam {i}",
                "producer": {"email": "htx@example.vn"},
                **changes,
            }
        )
        for i in range(n)
    ]


@pytest.fixture
def write(tmp_path):
    def write(records, name="export.json"):
        path = tmp_path / name
        path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        return str(path)

    return write


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("kiemsoat", "kiemsoat@ocop.local", "x", is_staff=True)


def sync(path, *args):
    call_command("sync_registry", "--file", path, *args, verbosity=0)
    return SyncRun.objects.first()


def revoke(records, how_many):
    for r in records[:how_many]:
        r.update(
            status="revoked", status_reason="Vi phạm an toàn thực phẩm", status_changed_at="2026-11-01T09:00:00+07:00"
        )
    return records


def test_a_file_sync_is_recorded_and_a_second_one_changes_nothing(admin_units, write):
    path = write(catalogue(5))
    first = sync(path)
    assert (first.outcome, first.counts["created"]) == ("succeeded", 5)
    second = sync(path)
    assert (second.counts["unchanged"], second.counts["created"], second.counts["updated"]) == (5, 0, 0)
    assert second.finished_at >= second.started_at and second.source.startswith("file:")


def test_a_dry_run_writes_nothing_but_is_recorded(admin_units, write):
    run = sync(write(catalogue(5)), "--dry-run")
    assert run.outcome == "dry_run" and run.counts["created"] == 5
    assert Certificate.objects.count() == Product.objects.count() == 0


def test_a_bad_file_writes_nothing_and_says_why(admin_units, write):
    records = catalogue(3)
    records[2]["stars"] = "nhiều"
    with pytest.raises(CommandError, match="record 3 .* field 'stars'"):
        sync(write(records))
    assert Certificate.objects.count() == 0


def test_mass_delisting_is_held_for_review_then_forced(admin_units, write, staff):
    sync(write(catalogue(20), "all.json"))
    mail.outbox.clear()
    revoked = write(revoke(catalogue(20), 3), "revoked.json")  # 15% of the listing

    with pytest.raises(CommandError, match="would delist 3 of 20 listed products"):
        sync(revoked)
    held = SyncRun.objects.first()
    assert held.outcome == "held" and held.counts["held"] == 3 and held.counts["delisted"] == 0
    assert Product.objects.listable().count() == 20
    assert not Certificate.objects.filter(status="revoked").exists()  # not even half-applied
    assert [m.to for m in mail.outbox] == [["kiemsoat@ocop.local"]]
    assert "Đồng bộ hệ thống quốc gia cần được xem xét" in mail.outbox[0].subject  # Vietnamese first

    forced = sync(revoked, "--force")
    assert (forced.outcome, forced.counts["delisted"]) == ("succeeded", 3)
    assert Product.objects.listable().count() == 17
    producer_mail = [m for m in mail.outbox if m.to == ["htx@example.vn"]]
    assert len(producer_mail) == 3 and "Vi phạm an toàn thực phẩm" in producer_mail[0].body


def test_delisting_under_the_limit_is_applied_and_notified_once(admin_units, write):
    sync(write(catalogue(20), "all.json"))
    mail.outbox.clear()
    path = write(revoke(catalogue(20), 1), "one.json")
    run = sync(path)
    assert (run.outcome, run.counts["delisted"]) == ("succeeded", 1)
    events = CertificateEvent.objects.filter(kind="status", new_status="revoked")
    assert events.count() == 1 and events.get().source == f"sync:{run.pk}"
    sync(path)
    assert len(mail.outbox) == 1 and Notice.objects.filter(kind="delisted").count() == 1


def test_recertification_relists_and_is_counted(admin_units, write):
    sync(write(revoke(catalogue(1), 1), "revoked.json"))
    assert Product.objects.listable().count() == 0
    renewed = catalogue(
        1,
        certificate_code="OCOP-24-2026-0100",
        stars=4,
        decision_date="2026-10-01",
        updated_at="2026-10-02T08:00:00+07:00",
    )
    run = sync(write(renewed, "renewed.json"))
    assert run.counts["relisted"] == 1
    assert Product.objects.listable().get().stars == 4


def test_new_products_are_counted_as_new_not_as_relisted(admin_units, write):
    run = sync(write(catalogue(5)))
    assert run.counts["relisted"] == 0
    assert (run.counts["products_created"], run.counts["newly_listed"]) == (5, 5)


@pytest.mark.parametrize(
    ("listed", "revoked", "outcome"), [(20, 2, "succeeded"), (20, 3, "held"), (30, 3, "succeeded")]
)
def test_the_delisting_guard_applies_a_share_equal_to_the_limit(admin_units, write, settings, listed, revoked, outcome):
    settings.REGISTRY_MAX_DELIST_SHARE = 0.10
    sync(write(catalogue(listed), "all.json"))
    path = write(revoke(catalogue(listed), revoked), "revoked.json")
    if outcome == "held":
        with pytest.raises(CommandError, match=f"would delist {revoked} of {listed}"):
            sync(path)
    run = SyncRun.objects.first() if outcome == "held" else sync(path)
    assert run.outcome == outcome
    assert Product.objects.listable().count() == (listed - revoked if outcome == "succeeded" else listed)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"decision_date": "9999-12-31", "valid_until": None}, "'decision_date'"),
        ({"updated_at": "9999-12-31T23:59:59-12:00"}, "'updated_at'"),
        ({"status_changed_at": "9999-12-31T23:59:59-12:00", "status": "suspended"}, "'status_changed_at'"),
    ],
)
def test_a_date_out_of_range_fails_the_run_cleanly_and_writes_nothing(admin_units, write, staff, changes, reason):
    records = catalogue(3)
    records[1].update(changes)
    with pytest.raises(CommandError, match=f"OCOP-24-2025-0001.*{reason}"):
        sync(write(records))
    run = SyncRun.objects.get()
    assert run.outcome == "failed" and run.finished_at and "OCOP-24-2025-0001" in run.anomaly
    assert Certificate.objects.count() == Product.objects.count() == 0
    assert "Đồng bộ hệ thống quốc gia cần được xem xét" in mail.outbox[0].subject


def test_a_certificate_valid_until_9999_is_recorded_either_way(admin_units, write):
    """A far but real date: the run ends recorded, applied or refused with a reason, never "running"."""
    try:
        sync(write(catalogue(1, valid_until="9999-12-31")))
    except CommandError as refused:
        assert "valid_until" in str(refused)
    run = SyncRun.objects.get()
    assert run.outcome in ("succeeded", "failed") and run.finished_at


def test_an_unexpected_error_ends_the_run_recorded_as_failed(admin_units, write, staff):
    def search_is_down(**kwargs):
        raise ConnectionError("the search index is unreachable")

    products_changed.connect(search_is_down, dispatch_uid="test-search-is-down")
    try:
        with pytest.raises(CommandError, match="ConnectionError: the search index is unreachable"):
            sync(write(catalogue(3)))
    finally:
        products_changed.disconnect(dispatch_uid="test-search-is-down")
    run = SyncRun.objects.get()
    assert run.outcome == "failed" and run.finished_at and "its changes were rolled back" in run.anomaly
    assert Certificate.objects.count() == 0
    assert "Đồng bộ hệ thống quốc gia cần được xem xét" in mail.outbox[0].subject


def test_search_follows_what_the_sync_writes(admin_units, write):
    def found(q):
        return [p.product_code for p in search(SearchRequest(q=q)).products]

    sync(write(catalogue(1), "first.json"))
    assert found("mat ong") == ["24-218-0000"] and found("bac ha") == []
    sync(write(catalogue(1, product_name="Mật ong bạc hà", updated_at="2026-01-01T08:00:00+07:00"), "renamed.json"))
    assert found("bac ha") == ["24-218-0000"]
    sync(write(revoke(catalogue(1, updated_at="2026-02-01T08:00:00+07:00"), 1), "revoked.json"), "--force")
    assert found("mat ong") == []
