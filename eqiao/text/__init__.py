"""The Chinese text engine. No Django imports: usable and benchmarked on its own.

from eqiao.text import analyze, assess_risk, detect_region, classify
"""

from eqiao.text.engine import (
    Analysis,
    RiskAssessment,
    analyze,
    assess_risk,
    classify,
    detect_region,
)

__all__ = ["Analysis", "RiskAssessment", "analyze", "assess_risk", "classify", "detect_region"]
