"""Background jobs: started, run (eagerly here, as in the demo), watched and downloaded only by
whoever started them; a refusal or a crash ends the job with a message, never a 500."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from xaso.jobs.models import Job
from xaso.jobs.registry import JobRefused, JobResult, job_kind
from xaso.jobs.services import job_start

pytestmark = pytest.mark.django_db


@job_kind("tests.echo")
def _echo(params: dict[str, Any], user: Any) -> JobResult:
    if params.get("refuse"):
        raise JobRefused(translation.gettext("Không có số liệu của năm này."))
    if params.get("crash"):
        raise RuntimeError("boom")
    return JobResult(f"xin chào {user.username}".encode(), "Lời chào.txt", "text/plain")


@pytest.fixture
def owner(django_user_model: type) -> Any:
    return django_user_model.objects.create_user(username="so.thanhhoa", password="x")


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_job_runs_and_its_owner_downloads_the_result(owner: Any) -> None:
    job = job_start(kind="tests.echo", title="Lời chào", params={}, user=owner)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    client = _client(owner)
    page = client.get(f"/viec-nen/{job.pk}/")
    assert page.status_code == 200
    assert 'data-status="done"' in page.content.decode()
    download = client.get(f"/viec-nen/{job.pk}/tai-ve/")
    assert download.content == b"xin ch\xc3\xa0o so.thanhhoa"
    assert download["Content-Disposition"] == 'attachment; filename="loi-chao.txt"'
    assert "no-store" in download["Cache-Control"]


def test_nobody_else_sees_or_downloads_a_job(owner: Any, django_user_model: type) -> None:
    job = job_start(kind="tests.echo", title="Lời chào", params={}, user=owner)
    other = _client(django_user_model.objects.create_user(username="so.vinhphuc"))

    assert other.get(f"/viec-nen/{job.pk}/").status_code == 404
    assert other.get(f"/viec-nen/{job.pk}/tai-ve/").status_code == 404
    assert Client().get(f"/viec-nen/{job.pk}/").status_code == 302  # to the login page


def test_a_refused_job_says_why_in_the_language_it_was_asked_in(owner: Any) -> None:
    with translation.override("vi"):
        job = job_start(kind="tests.echo", title="x", params={"refuse": True}, user=owner)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "Không có số liệu của năm này."
    assert _client(owner).get(f"/viec-nen/{job.pk}/tai-ve/").status_code == 404


def test_a_crash_ends_the_job_with_a_plain_message_and_is_logged(
    owner: Any, caplog: pytest.LogCaptureFixture
) -> None:
    job = job_start(kind="tests.echo", title="x", params={"crash": True}, user=owner)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Máy chủ gặp lỗi" in job.message
    assert "boom" not in job.message
    assert any("failed" in r.getMessage() and r.exc_info for r in caplog.records)
    page = _client(owner).get(f"/viec-nen/{job.pk}/")
    assert 'data-status="failed"' in page.content.decode()


def test_a_running_job_page_asks_again_every_two_seconds(owner: Any) -> None:
    job = Job.objects.create(owner=owner, kind="tests.echo", title="Đang làm")

    html = _client(owner).get(f"/viec-nen/{job.pk}/").content.decode()

    assert 'hx-trigger="every 2s"' in html
    assert "Đang chờ đến lượt" in html


def test_jobs_older_than_a_day_are_cleared_when_another_starts(owner: Any) -> None:
    old = Job.objects.create(owner=owner, kind="tests.echo", title="cũ")
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))

    job_start(kind="tests.echo", title="mới", params={}, user=owner)

    assert list(Job.objects.values_list("title", flat=True)) == ["mới"]


def test_a_kind_nobody_registered_is_refused_before_anything_is_written(owner: Any) -> None:
    with pytest.raises(KeyError):
        job_start(kind="tests.unknown", title="x", params={}, user=owner)

    assert not Job.objects.exists()


def test_asking_again_while_a_job_runs_gives_the_same_job(owner: Any) -> None:
    running = Job.objects.create(owner=owner, kind="tests.echo", title="x")
    first = job_start(kind="tests.echo", title="x", params={"n": 1}, user=owner)
    Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)

    again = job_start(kind="tests.echo", title="x", params={"n": 1}, user=owner)

    assert again.pk == first.pk
    assert Job.objects.filter(owner=owner).count() == 2  # `running` and `first`
    assert running.pk != first.pk


def test_a_fourth_unfinished_job_is_refused_with_a_message(owner: Any) -> None:
    for _ in range(3):
        Job.objects.create(owner=owner, kind="tests.echo", title="x")

    with pytest.raises(JobRefused, match="3 việc chưa xong"):
        job_start(kind="tests.echo", title="x", params={"n": 2}, user=owner)
    assert Job.objects.filter(owner=owner).count() == 3
