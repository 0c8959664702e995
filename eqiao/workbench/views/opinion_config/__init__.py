"""Configuring the monitoring desk (舆情监测配置): sources with their health (`sources`), the
watch-list (`terms`), the alert rules (`rules`); and the daily and weekly reports as PDF or
Excel (`reports`)."""

from eqiao.workbench.views.opinion_config.reports import opinion_report
from eqiao.workbench.views.opinion_config.rules import (
    opinion_rule_active,
    opinion_rule_edit,
    opinion_rule_new,
    opinion_rules,
)
from eqiao.workbench.views.opinion_config.sources import (
    opinion_source_act,
    opinion_source_edit,
    opinion_source_new,
    opinion_sources,
)
from eqiao.workbench.views.opinion_config.terms import (
    opinion_term_add,
    opinion_term_edit,
    opinion_term_remove,
    opinion_terms,
    opinion_terms_bulk,
)

__all__ = [
    "opinion_report",
    "opinion_rule_active",
    "opinion_rule_edit",
    "opinion_rule_new",
    "opinion_rules",
    "opinion_source_act",
    "opinion_source_edit",
    "opinion_source_new",
    "opinion_sources",
    "opinion_term_add",
    "opinion_term_edit",
    "opinion_term_remove",
    "opinion_terms",
    "opinion_terms_bulk",
]
