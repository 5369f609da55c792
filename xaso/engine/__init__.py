"""The evaluation engine: criteria sets as data, exact verdicts and gaps from raw counts.

Pure Python (plus numpy for the batch path). It imports neither Django nor any other
``xaso`` package, so the CLI, the web app, Excel import and the API all call the same
rules; an import-linter contract keeps it that way.
"""

from .analysis import (
    Bottleneck,
    NearMiss,
    OneStep,
    WhatIf,
    bottlenecks,
    nearest_to_threshold,
    one_step_away,
    what_if,
    with_threshold,
)
from .batch import BatchResult, evaluate_batch
from .errors import CriteriaSetInvalid, EngineError, Problem, ValuesInvalid
from .evaluate import GroupResult, IndicatorResult, UnitResult, evaluate
from .loader import load_criteria_set, parse_criteria_set
from .model import CriteriaSet, Indicator, Variable
from .regroup import Link, Regrouped, TargetUnit, regroup
from .table import ValueTable, read_values_csv
from .validate import check_values

__all__ = [
    "BatchResult",
    "Bottleneck",
    "CriteriaSet",
    "CriteriaSetInvalid",
    "EngineError",
    "GroupResult",
    "Indicator",
    "IndicatorResult",
    "Link",
    "NearMiss",
    "OneStep",
    "Problem",
    "Regrouped",
    "TargetUnit",
    "UnitResult",
    "ValueTable",
    "ValuesInvalid",
    "Variable",
    "WhatIf",
    "bottlenecks",
    "check_values",
    "evaluate",
    "evaluate_batch",
    "load_criteria_set",
    "nearest_to_threshold",
    "one_step_away",
    "parse_criteria_set",
    "read_values_csv",
    "regroup",
    "what_if",
    "with_threshold",
]
