"""The Chinese text engine. No Django imports: usable and benchmarked on its own."""

from eqiao.text.engine import Analysis, RiskAssessment, analyze, assess_risk, classify, detect_region

__all__ = ["Analysis", "RiskAssessment", "analyze", "assess_risk", "classify", "detect_region"]
