"""The sync over real HTTP, with the real client, against the stand-in registry switched to
every failure mode: it never loses data, never mass-delists, and resumes where it stopped."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from catalog.registry.client import RegistryClient
from catalog.registry.models import SyncRun, SyncState
from catalog.registry.standin import StandInRegistry
from catalog.registry.sync import HttpSource, run_sync
from tests.factories import registry_record as record

Product = get_model("catalogue", "Product")
Certificate = get_model("certification", "Certificate")

pytestmark = pytest.mark.django_db
START = datetime.datetime(2025, 1, 1, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def records(n, first=0, **changes):
    return [
        record(
            **{
                "certificate_code": f"OCOP-24-2025-{i:04d}",
                "product_code": f"24-218-{i:04d}",
                "product_name": f"Mật ong Lục Nam {i}",
                "updated_at": (START + datetime.timedelta(hours=i)).isoformat(),
                **changes,
            }
        )
        for i in range(first, first + n)
    ]


READ_TIMEOUT = 3.0


@pytest.fixture
def registry(admin_units):
    with StandInRegistry(records(35), page_size=10) as registry:
        yield registry


def sync(registry, token="test-token", **options):
    sleeps = []
    # A read timeout well above what a page takes on a busy CI machine (0.5 s timed out pages that
    # were merely slow, and the retry they caused failed tests counting the client's waits).
    client = RegistryClient(registry.url, token, read_timeout=READ_TIMEOUT, max_attempts=4, sleep=sleeps.append)
    with client:
        run = run_sync(HttpSource(client), **options)
    run.sleeps = sleeps
    return run


def state():
    return sorted(Certificate.objects.values_list("code", "product__product_code", "stars", "status", "valid_until"))


def watermark(registry):
    return SyncState.objects.get(source=registry.url).watermark


def test_a_full_sync_pages_through_and_the_next_asks_only_for_changes(registry):
    run = sync(registry)
    assert (run.outcome, run.pages, run.counts["created"]) == ("succeeded", 4, 35)
    assert watermark(registry) == START + datetime.timedelta(hours=34)
    registry.requests.clear()
    again = sync(registry)
    assert again.counts["unchanged"] == 1 and again.counts["created"] == 0  # the record at the watermark
    assert registry.requests[0][1] == watermark(registry).isoformat()


def test_a_sync_cut_off_on_page_3_resumes_to_the_same_state(registry, django_db_blocker):
    registry.drop_connection(page=3, times=4)  # more than the client's attempts
    cut = sync(registry)
    assert cut.outcome == "failed" and "page 3" in cut.anomaly and "RemoteProtocolError" in cut.anomaly
    assert Certificate.objects.count() == 20  # pages 1 and 2, whole
    assert watermark(registry) == START + datetime.timedelta(hours=19)
    resumed = sync(registry)
    assert resumed.outcome == "succeeded" and resumed.counts["created"] == 15
    assert registry.requests[-resumed.pages][1] is not None  # asked from the watermark, not from the start
    expected = sorted(
        (r["certificate_code"], r["product_code"], r["stars"], r["status"], datetime.date(2027, 7, 9))
        for r in records(35)
    )
    assert state() == expected


@pytest.mark.parametrize(
    ("fault", "arguments"),
    [
        ("fail", {"status": 500, "times": 2}),
        ("fail", {"status": 503}),
        ("invalid_json", {"page": 2}),
        ("hang", {"seconds": READ_TIMEOUT + 1, "page": 2}),
        ("drop_connection", {"page": 4}),
    ],
)
def test_passing_faults_are_retried(registry, fault, arguments):
    getattr(registry, fault)(**arguments)
    run = sync(registry)
    assert run.outcome == "succeeded" and run.counts["created"] == 35
    assert run.sleeps  # it backed off before retrying


def test_retry_after_is_honoured(registry):
    registry.rate_limit(retry_after=7, page=2)
    run = sync(registry)
    assert run.outcome == "succeeded" and run.sleeps == [7.0]


def test_bad_credentials_stop_at_once(registry):
    run = sync(registry, token="wrong")
    assert run.outcome == "failed" and "refused our credentials (401)" in run.anomaly
    assert len(registry.requests) == 1 and Certificate.objects.count() == 0


def test_a_malformed_page_stops_the_sync_after_the_last_good_page(registry):
    registry.malformed_page(page=2, times=10)
    run = sync(registry)
    assert run.outcome == "failed" and "malformed page" in run.anomaly
    assert Certificate.objects.count() == 10


def test_an_empty_answer_to_a_full_sync_changes_nothing(registry):
    sync(registry)
    registry.respond_empty()
    run = sync(registry, full=True)
    assert run.outcome == "failed" and "no certificates at all" in run.anomaly
    assert Product.objects.listable().count() == 35


def test_an_outage_after_delistings_applies_none_and_they_come_again(registry):
    sync(registry)
    assert Product.objects.listable().count() == 35
    revoked = [
        {
            **r,
            "status": "revoked",
            "status_reason": "Vi phạm",
            "status_changed_at": "2026-11-01T09:00:00+07:00",
            "updated_at": (START + datetime.timedelta(days=30, hours=i)).isoformat(),
        }
        for i, r in enumerate(records(35)[:2])
    ]
    for r in revoked:
        registry.upsert(r)
    registry.set_records(
        registry.records + records(5, first=100, updated_at=(START + datetime.timedelta(days=31)).isoformat())
    )
    registry.page_size = 3  # page 1: the record at the watermark and the two revocations
    registry.drop_connection(page=2, times=10)
    run = sync(registry)
    assert run.outcome == "failed" and run.counts["held"] == 2 and run.counts["delisted"] == 0
    assert Product.objects.listable().count() == 35
    assert watermark(registry) <= START + datetime.timedelta(days=30)  # the held records come again
    registry.reset_faults()
    resumed = sync(registry)
    assert resumed.outcome == "succeeded" and resumed.counts["delisted"] == 2


def test_the_command_syncs_from_the_url(registry, capsys):
    call_command("sync_registry", "--url", registry.url, "--token", "test-token", verbosity=1)
    assert "35 created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="refused our credentials"):
        call_command("sync_registry", "--url", registry.url, "--token", "nope", verbosity=0)
    assert SyncRun.objects.filter(outcome="failed").count() == 1


def test_a_next_link_to_another_server_is_not_followed(registry):
    with StandInRegistry(records(35), page_size=10) as elsewhere:
        registry.next_to(elsewhere.url, page=2)
        run = sync(registry)
    assert run.outcome == "failed" and f"'next' link to {elsewhere.url}/certificates" in run.anomaly
    assert elsewhere.requests == []  # not asked at all, so our token never went there
    assert [r.authorization for r in registry.requests] == ["Bearer test-token"] * 2
    assert Certificate.objects.count() == 10  # page 1; page 2, with the bad link, was not applied


def revocations(n, days=30):
    """``n`` of the catalogue's certificates revoked ``days`` after START (after the watermark)."""
    return [
        {
            **r,
            "status": "revoked",
            "status_reason": "Vi phạm",
            "status_changed_at": "2026-11-01T09:00:00+07:00",
            "updated_at": (START + datetime.timedelta(days=days, hours=i)).isoformat(),
        }
        for i, r in enumerate(records(35)[:n])
    ]


def test_an_answer_that_ends_before_its_count_fails_and_delists_nothing(registry):
    sync(registry)
    for r in revocations(2):
        registry.upsert(r)
    registry.set_records(
        registry.records + records(5, first=100, updated_at=(START + datetime.timedelta(days=31)).isoformat())
    )
    registry.page_size = 3  # page 1: the record at the watermark and the two revocations; 8 in all
    registry.end_early(page=1)
    run = sync(registry)
    assert run.outcome == "failed" and "announced 8 certificates and sent 3" in run.anomaly
    assert (run.counts["delisted"], run.counts["held"]) == (0, 2)
    assert Product.objects.listable().count() == 35
    assert watermark(registry) <= START + datetime.timedelta(days=30)  # the held records come again
    resumed = sync(registry)
    assert resumed.outcome == "succeeded" and resumed.counts["delisted"] == 2


def test_an_answer_with_more_than_its_count_fails(registry):
    registry.announce(30, times=10)
    run = sync(registry)
    assert run.outcome == "failed" and "announced 30 certificates and sent 35" in run.anomaly


def test_a_record_dated_past_year_9999_fails_the_run_and_keeps_the_pages_before(registry):
    broken = records(35)
    broken[25]["updated_at"] = "9999-12-31T23:59:59-12:00"
    registry.set_records(broken)
    run = sync(registry)
    assert run.outcome == "failed" and run.finished_at
    assert "OCOP-24-2025-0025" in run.anomaly and "'updated_at'" in run.anomaly
    assert Certificate.objects.count() == 30  # pages 1 to 3, whole; the record comes last, on page 4
    assert watermark(registry) == START + datetime.timedelta(hours=30)
    broken[25]["updated_at"] = (START + datetime.timedelta(hours=40)).isoformat()  # the registry corrects it
    registry.set_records(broken)
    assert sync(registry).outcome == "succeeded" and Certificate.objects.count() == 35
