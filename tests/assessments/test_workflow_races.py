"""Workflow writes decide from the locked row, not from what the request loaded earlier.

The first tests stage the race in one connection (the objects a request loaded before
another request's decision committed), so they run on SQLite and PostgreSQL. The last ones
run two requests at once on PostgreSQL, each thread with its own connection, on rows
committed outside any test transaction (and removed afterwards): a transactional test would
empty every table at its end, including the demo data this package loads once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import QuerySet

from xaso.accounts.models import Role, RoleAssignment
from xaso.assessments.models import (
    Assessment,
    AuditEntry,
    Evidence,
    EvidenceFile,
    RecognitionDecision,
    Round,
)
from xaso.assessments.services import NotAllowed, decision_recognise, evidence_add
from xaso.units.models import Unit

from ..fixtures import person

Status = Assessment.Status
DAY = dt.date(2025, 3, 1)


def user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def fresh(a: Assessment) -> Assessment:
    return Assessment.objects.select_related("unit", "round", "round__province").get(pk=a.pk)


def verified_pair() -> list[Assessment]:
    """Two communes of Thanh Hóa's 2024 round, verified by the province."""
    r = Round.objects.get(year=2024, province__code="38")
    taken = Assessment.objects.filter(round=r).values("unit")
    units = r.communes.exclude(pk__in=taken).order_by("code")[:2]
    return [
        fresh(Assessment.objects.create(round=r, unit=u, status=Status.PROVINCE_VERIFIED))
        for u in units
    ]


def recognise(items: list[Assessment], number: str, **kwargs: Any) -> RecognitionDecision:
    return decision_recognise(
        province=items[0].round.province,
        number=number,
        date=DAY,
        signer="Chủ tịch UBND tỉnh",
        assessments=items,
        user=user("so.thanhhoa"),
        **kwargs,
    )


# -- one connection: the request's objects are stale ------------------------------------


@pytest.mark.django_db
def test_a_second_decision_loaded_before_the_first_does_not_recognise_again(demo_db):
    first, second = verified_pair()
    stale = [fresh(first)]  # the second request's page was made before the first decision
    decision = recognise([first, second], "1/QĐ-UBND")
    with pytest.raises(NotAllowed, match="đã được tỉnh thẩm định: "):
        recognise(stale, "2/QĐ-UBND")
    assert fresh(first).decision == decision
    assert not RecognitionDecision.objects.filter(number="2/QĐ-UBND").exists()
    assert AuditEntry.objects.filter(assessment=first, action="assessment:recognise").count() == 1


def take_number_meanwhile(monkeypatch: pytest.MonkeyPatch, number: str) -> None:
    """Another request commits ``number`` just after this one checked that it was free."""
    real = QuerySet.exists
    sneaked: list[RecognitionDecision] = []

    def exists(qs: QuerySet) -> bool:
        answer = real(qs)
        if qs.model is RecognitionDecision and not sneaked:
            other = RecognitionDecision(
                province=Unit.objects.get(era="legacy", level="province", code="38"),
                number=number,
                date=DAY,
                signer="Người khác",
                created_by=user("qt.thanhhoa"),
            )
            sneaked.extend(RecognitionDecision.objects.bulk_create([other]))
        return answer

    monkeypatch.setattr(QuerySet, "exists", exists)


@pytest.mark.django_db
def test_a_number_taken_meanwhile_is_a_message_and_nothing_is_written(demo_db, monkeypatch):
    first, _second = verified_pair()
    take_number_meanwhile(monkeypatch, "7/QĐ-UBND")
    with pytest.raises(NotAllowed, match="Quyết định số 7/QĐ-UBND đã được ghi nhận trước đó"):
        recognise([first], "7/QĐ-UBND")
    # (the other request's row went with this transaction: one connection plays both here)
    assert not RecognitionDecision.objects.filter(signer="Chủ tịch UBND tỉnh").exists()
    assert fresh(first).status == Status.PROVINCE_VERIFIED and fresh(first).decision is None
    assert not AuditEntry.objects.filter(assessment=first).exists()


@pytest.mark.django_db
def test_the_same_number_sent_twice_over_http_is_a_message(client, demo_db):
    first, second = verified_pair()
    client.force_login(user("so.thanhhoa"))
    form = {
        "province": first.round.province_id,
        "number": "12/QĐ-UBND",
        "date": "2025-03-01",
        "signer": "Chủ tịch UBND tỉnh",
    }
    assert client.post("/cong-nhan/", {**form, "assessments": [first.pk]}).status_code == 302
    response = client.post("/cong-nhan/", {**form, "assessments": [second.pk]})
    assert response.status_code == 200
    assert "Quyết định số 12/QĐ-UBND đã được ghi nhận trước đó." in response.content.decode()
    assert 'value="12/QĐ-UBND"' in response.content.decode()  # what was typed is kept
    assert RecognitionDecision.objects.filter(number="12/QĐ-UBND").count() == 1
    assert fresh(second).status == Status.PROVINCE_VERIFIED


# -- two connections at once (PostgreSQL) -----------------------------------------------


@pytest.fixture
def committed(demo_db, django_db_blocker, settings, tmp_path) -> Iterator[dict[str, Any]]:
    """Rows committed for real (threads see them), removed again afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has no row locks and the test database is in memory, shared by threads "
            "that fail at once instead of waiting: two requests at once cannot be staged"
        )
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with django_db_blocker.unblock():
        pair = verified_pair()
        officer = person("race.officer", Role.COMMUNE_OFFICER, pair[0].unit)
        yield {"assessments": pair, "officer": officer, "private": tmp_path / "private"}
        pks = [a.pk for a in pair]
        Assessment.objects.filter(pk__in=pks).update(decision=None)
        AuditEntry.objects.filter(assessment__in=pks).delete()
        EvidenceFile.objects.filter(evidence__assessment__in=pks).delete()
        Evidence.objects.filter(assessment__in=pks).delete()
        Assessment.objects.filter(pk__in=pks).delete()
        RecognitionDecision.objects.filter(number__startswith="RACE-").delete()
        RoleAssignment.objects.filter(user=officer).delete()
        officer.delete()
        connection.close()


def _waiting_on_a_lock() -> bool:
    """Whether another connection of this database waits for a lock (polled, up to 20 s)."""
    for _attempt in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False


def race(first: Callable[[], Any], second: Callable[[], Any]) -> dict[str, Any]:
    """Run ``first`` in a transaction held open until ``second`` (started after it, in its
    own connection) waits for a lock; then commit ``first``. Returns what each did."""
    outcome: dict[str, Any] = {}
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                outcome["first"] = first()
                held.set()
                release.wait(timeout=30)
        except Exception as exc:  # reported by the test, never lost in the thread
            outcome["first"] = exc
        finally:
            held.set()
            connection.close()

    def attempt() -> None:
        try:
            outcome["second"] = second()
        except Exception as exc:
            outcome["second"] = exc
        finally:
            connection.close()

    one, two = threading.Thread(target=hold), threading.Thread(target=attempt)
    one.start()
    held.wait(timeout=30)
    two.start()
    outcome["second_waited"] = _waiting_on_a_lock()
    release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    return outcome


def test_two_decisions_at_once_recognise_a_commune_once(committed):
    a, _b = committed["assessments"]
    page_one, page_two = [fresh(a)], [fresh(a)]  # both pages loaded before either decision
    outcome = race(
        lambda: recognise(page_one, "RACE-1/QĐ-UBND"),
        lambda: recognise(page_two, "RACE-2/QĐ-UBND"),
    )
    assert isinstance(outcome["first"], RecognitionDecision)
    assert isinstance(outcome["second"], NotAllowed), outcome["second"]
    assert "đã được tỉnh thẩm định" in str(outcome["second"])
    assert fresh(a).decision.number == "RACE-1/QĐ-UBND"
    assert list(RecognitionDecision.objects.filter(number__startswith="RACE-")) == [
        outcome["first"]
    ]
    assert AuditEntry.objects.filter(assessment=a, action="assessment:recognise").count() == 1


def test_the_same_number_twice_at_once_is_a_message_not_an_error(committed):
    a, b = committed["assessments"]
    outcome = race(
        lambda: recognise([fresh(a)], "RACE-5/QĐ-UBND"),
        lambda: recognise([fresh(b)], "RACE-5/QĐ-UBND"),
    )
    assert isinstance(outcome["first"], RecognitionDecision)
    assert isinstance(outcome["second"], NotAllowed), outcome["second"]
    assert "đã được ghi nhận trước đó" in str(outcome["second"])
    assert fresh(b).status == Status.PROVINCE_VERIFIED and fresh(b).decision is None
    assert RecognitionDecision.objects.filter(number="RACE-5/QĐ-UBND").count() == 1


def test_evidence_sent_while_the_assessment_is_submitted_is_refused(committed):
    a, _b = committed["assessments"]
    Assessment.objects.filter(pk=a.pk).update(status=Status.DRAFT)
    page = fresh(a)  # the evidence form was opened while it was a draft

    def submit() -> None:  # what assessment_submit does, holding the row until released
        Assessment.objects.select_for_update().get(pk=a.pk)
        Assessment.objects.filter(pk=a.pk).update(status=Status.SUBMITTED)

    outcome = race(
        submit,
        lambda: evidence_add(
            assessment=page,
            indicator="1.2",
            summary="Báo cáo",
            files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n...")],
            user=committed["officer"],
        ),
    )
    assert outcome["first"] is None
    assert isinstance(outcome["second"], NotAllowed), outcome["second"]
    assert "đã nộp" in str(outcome["second"])
    assert not Evidence.objects.filter(assessment=a).exists()
    private = committed["private"]
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
