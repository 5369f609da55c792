"""A job's page (how far it got, then the download) and the download itself.

Only the person who started a job sees it; anyone else gets the same 404 as for a job that
does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from xaso.common.text import ascii_slug

from .models import Job


def _own_job(request: HttpRequest, pk: uuid.UUID) -> Job:
    job = Job.objects.defer("result").filter(pk=pk, owner=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def job_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The job's state; htmx asks again every two seconds for the fragment until it ends."""
    job = _own_job(request, pk)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/job.html"
    response = render(request, template, {"job": job})
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def job_download(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = _own_job(request, pk)
    if job.status != Job.Status.DONE:
        raise Http404
    content = Job.objects.values_list("result", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content), content_type=job.content_type)
    stem, _, ext = job.result_name.rpartition(".")
    name = f"{ascii_slug(stem) or 'ket-qua'}.{ext}" if ext else ascii_slug(job.result_name)
    disposition = "inline" if job.content_type == "application/pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
