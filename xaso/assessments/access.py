"""The access gate: the only way views, files and the API get an assessment.

"Not yours" and "not found" are the same answer (404), so a commune officer cannot learn
that another commune's draft exists. Each condition is one line, so a reader can check the
rules against the programme: a commune edits its own; a district reviews its communes in
the legacy era; the province reviews, recognises and (admin only) reopens; leaders read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from xaso.accounts.models import Role, RoleAssignment
from xaso.units.catalog import LEGACY

from .models import Assessment, EvidenceFile, RecognitionDecision

Status = Assessment.Status


@dataclass(frozen=True)
class Scope:
    """The unit ids a user holds each role over."""

    superuser: bool = False
    communes: frozenset[int] = field(default_factory=frozenset)
    districts: frozenset[int] = field(default_factory=frozenset)
    reviewed_provinces: frozenset[int] = field(default_factory=frozenset)
    admin_provinces: frozenset[int] = field(default_factory=frozenset)
    read_provinces: frozenset[int] = field(default_factory=frozenset)  # leaders

    @property
    def any_province(self) -> frozenset[int]:
        return self.reviewed_provinces | self.admin_provinces | self.read_provinces


def scope_of(user: Any) -> Scope:
    """Roles of ``user``, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return Scope()
    cached = getattr(user, "_xaso_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    by_role: dict[str, set[int]] = {}
    for role, unit_id in RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"):
        by_role.setdefault(role, set()).add(unit_id)
    scope = Scope(
        superuser=bool(user.is_superuser),
        communes=frozenset(by_role.get(Role.COMMUNE_OFFICER, ())),
        districts=frozenset(by_role.get(Role.DISTRICT_REVIEWER, ())),
        reviewed_provinces=frozenset(by_role.get(Role.PROVINCE_REVIEWER, ())),
        admin_provinces=frozenset(by_role.get(Role.PROVINCE_ADMIN, ())),
        read_provinces=frozenset(by_role.get(Role.LEADER, ())),
    )
    user._xaso_scope = scope
    return scope


def _legacy(a: Assessment) -> bool:
    return a.unit.era == LEGACY


def can_read(user: Any, a: Assessment) -> bool:
    s = scope_of(user)
    return (
        s.superuser
        or a.unit_id in s.communes
        or a.unit.parent_id in s.districts
        or a.round.province_id in s.any_province
    )


def can_edit_values(user: Any, a: Assessment) -> bool:
    """The commune's own officer, while the assessment is theirs to edit."""
    s = scope_of(user)
    return (
        a.unit_id in s.communes and a.status in (Status.DRAFT, Status.RETURNED) and a.round.is_open
    )


def review_stage(user: Any, a: Assessment) -> str | None:
    """'district' or 'province' when ``user`` may review ``a`` now, else None.

    Legacy era: the district verifies first, then the province. Since 1/7/2025 there is no
    district, and the province also takes over legacy submissions no district can verify
    any more: the province may verify anything submitted.
    """
    s = scope_of(user)
    if a.status == Status.SUBMITTED and _legacy(a) and a.unit.parent_id in s.districts:
        return "district"
    province_turn = (Status.SUBMITTED, Status.DISTRICT_VERIFIED)
    if a.status in province_turn and (a.round.province_id in s.reviewed_provinces or s.superuser):
        return "province"
    return None


def can_load_values(user: Any, province_id: int, *, round_exists: bool) -> bool:
    """Raw counts entered outside an assessment (a province's Excel file).

    Only the province admin, and only for a year without a round: figures collected before
    Xã Số or by other means. Once a round exists, each commune enters its own through its
    assessment, and the province verifies them; it never types them in for the commune.
    """
    s = scope_of(user)
    return not round_exists and (s.superuser or province_id in s.admin_provinces)


def can_recognise(user: Any, province_id: int) -> bool:
    s = scope_of(user)
    return s.superuser or province_id in s.reviewed_provinces | s.admin_provinces


def can_reopen(user: Any, a: Assessment) -> bool:
    s = scope_of(user)
    return a.status == Status.RECOGNISED and (
        s.superuser or a.round.province_id in s.admin_provinces
    )


def visible_assessments(user: Any) -> QuerySet[Assessment]:
    """Every assessment ``user`` may read, for lists; one query with units and rounds."""
    s = scope_of(user)
    rows = Assessment.objects.select_related("unit", "unit__parent", "round", "round__province")
    if s.superuser:
        return rows
    return rows.filter(
        Q(unit_id__in=s.communes)
        | Q(unit__parent_id__in=s.districts)
        | Q(round__province_id__in=s.any_province)
    )


def assessment_for_read(user: Any, pk: Any, *, light: bool = False) -> Assessment:
    """The assessment if ``user`` may read it; otherwise 404, exactly as if it did not exist.

    ``light`` (the live check, the most frequent request) joins only the commune, the round
    and its criteria version: the names of the district, the province and the decision are
    not shown there, and compiling the eight-table query cost more than running it.
    """
    related = (
        ("unit", "round", "round__criteria_version")
        if light
        else (
            "unit",
            "unit__parent",
            "unit__province",
            "round",
            "round__province",
            "round__criteria_version",
            "decision",
        )
    )
    try:
        # The set's YAML (tens of KB) is parsed once per process from its own query;
        # every page and live check would otherwise carry it over the wire.
        a = (
            Assessment.objects.select_related(*related)
            .defer("round__criteria_version__yaml_text")
            .get(pk=int(pk))
        )
    except (Assessment.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not can_read(user, a):
        raise Http404
    return a


def evidence_file_for_read(user: Any, pk: Any) -> EvidenceFile:
    """An evidence file of an assessment ``user`` may read; removed files are gone (404)."""
    try:
        f = EvidenceFile.objects.select_related("evidence").get(
            pk=int(pk), removed_at__isnull=True, evidence__removed_at__isnull=True
        )
    except (EvidenceFile.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    assessment_for_read(user, f.evidence.assessment_id)
    return f


def decision_for_read(user: Any, pk: Any) -> RecognitionDecision:
    """Decisions are public documents once made: anyone may read one."""
    try:
        return RecognitionDecision.objects.get(pk=int(pk))
    except (RecognitionDecision.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
