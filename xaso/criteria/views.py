"""Publishing a criteria set by uploading its YAML (province admins)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xaso.assessments.access import scope_of
from xaso.engine import CriteriaSetInvalid
from xaso.engine.yamlsrc import MAX_BYTES

from .selectors import criteria_set_list
from .services import criteria_set_publish

MAX_YAML_BYTES = MAX_BYTES  # the engine's own limit (1 MB); a 37-indicator set is ~30 KB
MAX_PROBLEMS_SHOWN = 100  # a broken file may have thousands; the first hundred say enough


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a YAML file; the engine checks it whole and nothing is stored on any error."""
    scope = scope_of(request.user)
    if not (scope.superuser or scope.admin_provinces):
        raise Http404
    problems: list[str] = []
    problem_count = 0
    if request.method == "POST":
        upload = request.FILES.get("yaml")
        if upload is None:
            problems = [_("Hãy chọn tệp YAML của bộ tiêu chí.")]
        elif upload.size is None or upload.size > MAX_YAML_BYTES:
            problems = [_("Tệp quá lớn (tối đa 1 MB).")]
        else:
            try:
                # Never more than the limit, whatever size the upload declared.
                text = upload.read(MAX_YAML_BYTES + 1).decode("utf-8")
            except UnicodeDecodeError:
                problems = [_("Tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8.")]
            if not problems and "\x00" in text:  # PostgreSQL cannot keep a NUL character
                problems = [_("Tệp có ký tự không hợp lệ (ký tự rỗng, NUL); hãy lưu lại tệp.")]
            if not problems:
                try:
                    row, created = criteria_set_publish(
                        yaml_text=text,
                        source_name=upload.name or "upload.yaml",
                        user=request.user,
                    )
                except CriteriaSetInvalid as exc:
                    problem_count = len(exc.problems)
                    problems = [str(p) for p in exc.problems[:MAX_PROBLEMS_SHOWN]]
                else:
                    if created:
                        messages.success(
                            request,
                            _("Đã công bố %(key)s (%(n)s chỉ tiêu).")
                            % {"key": row.key, "n": row.indicator_count},
                        )
                    else:
                        messages.info(
                            request,
                            _("Phiên bản %(key)s đã có, không thay đổi gì.") % {"key": row.key},
                        )
                    return redirect("criteria:upload")
    return render(
        request,
        "criteria/upload.html",
        {
            "problems": problems,
            "problem_count": problem_count or len(problems),
            "problems_not_shown": max(0, problem_count - len(problems)),
            "versions": criteria_set_list(),
        },
        status=400 if problems else 200,
    )
