"""The Celery task behind every job (the worker of scripts/serve; eager in demo and tests)."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation

from .models import Job
from .services import job_run


@shared_task(acks_late=True, ignore_result=True)
def run_job(job_id: str) -> None:
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None:
        return  # cleared meanwhile
    # Messages in the language the person asked in (kept with the job's parameters).
    with translation.override(job.params.get("language") or "vi"):
        job_run(job)
