from .audit import AuditEntry
from .evidence import Evidence, EvidenceFile
from .values import PlanYear, RawValue, ValueStamp
from .workflow import Assessment, RecognitionDecision, ReviewComment, Round, VerifiedValue

__all__ = [
    "Assessment",
    "AuditEntry",
    "Evidence",
    "EvidenceFile",
    "PlanYear",
    "RawValue",
    "RecognitionDecision",
    "ReviewComment",
    "Round",
    "ValueStamp",
    "VerifiedValue",
]
