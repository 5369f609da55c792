"""Starting a job and recording how it ended; the running itself is tasks.run_job."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import KEEP, Job
from .registry import JobRefused, JobResult, function_for

logger = logging.getLogger("xaso.jobs")


# Jobs one person may have waiting or running at once; more is refused with a message.
MAX_UNFINISHED = 3


def job_start(*, kind: str, title: str, params: dict[str, Any], user: Any) -> Job:
    """A job for ``user``, handed to the worker (run at once when tasks are eager).

    The same request while an identical one is still waiting or running gives that job
    back (a reload queues nothing); more than MAX_UNFINISHED at once raises JobRefused.
    The caller has already checked that ``user`` may ask for this; the job's function
    checks again when it runs, since a role may be removed in between. Call it outside a
    transaction: the worker must see the row. Jobs older than KEEP are cleared here, so no
    scheduler is needed for that.
    """
    from .tasks import run_job

    function_for(kind)  # KeyError now, not in the worker, for a kind nobody registered
    Job.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    params = {**params, "language": translation.get_language() or "vi"}
    fingerprint = hashlib.sha256(
        json.dumps([kind, params], sort_keys=True, default=str).encode()
    ).hexdigest()
    unfinished = Job.objects.filter(owner=user, status__in=(Job.Status.QUEUED, Job.Status.RUNNING))
    same = unfinished.filter(fingerprint=fingerprint).first()
    if same is not None:
        return same
    if unfinished.count() >= MAX_UNFINISHED:
        raise JobRefused(
            _("Bạn đang có %(n)s việc chưa xong; hãy chờ chúng xong rồi yêu cầu thêm.")
            % {"n": MAX_UNFINISHED}
        )
    job = Job.objects.create(
        owner=user, kind=kind, title=title[:200], params=params, fingerprint=fingerprint
    )
    run_job.delay(str(job.pk))
    return job


def job_run(job: Job) -> None:
    """Run ``job`` now and store its result or why it failed; never raises."""
    if job.finished:
        return  # delivered twice by the broker (acks_late): done already
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    try:
        result: JobResult = function_for(job.kind)(job.params, job.owner)
    except JobRefused as exc:
        _finish(job, Job.Status.FAILED, message=str(exc))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(
            job,
            Job.Status.FAILED,
            message=_(
                "Máy chủ gặp lỗi khi làm việc này; quản trị viên đã được ghi nhận. "
                "Hãy thử lại sau ít phút."
            ),
        )
    else:
        _finish(job, Job.Status.DONE, result=result)


def _finish(job: Job, status: str, *, message: str = "", result: JobResult | None = None) -> None:
    job.status = status
    job.message = message
    job.finished_at = timezone.now()
    if result is not None:
        job.result = result.content
        job.result_name = result.filename
        job.content_type = result.content_type
    job.save(
        update_fields=["status", "message", "finished_at", "result", "result_name", "content_type"]
    )
