"""Configuring the monitoring desk from the workbench: the sources posts come from
(`sources`), the watch-list (`terms`) and the alert rules (`rules`), with what they share
(`common`). Every change is checked (a clear Chinese message names what is wrong), allowed
by `opinion.configure` and written to the audit log."""

from eqiao.opinion.services.config.common import CAPABILITY, city_office, config_register
from eqiao.opinion.services.config.rules import (
    RuleInput,
    alert_rule_create,
    alert_rule_set_active,
    alert_rule_update,
    rule_input_clean,
)
from eqiao.opinion.services.config.sources import (
    Probe,
    SourceInput,
    source_create,
    source_delete,
    source_fetch_now,
    source_input_clean,
    source_pause,
    source_probe,
    source_resume,
    source_update,
)
from eqiao.opinion.services.config.terms import (
    BulkResult,
    watch_term_add,
    watch_term_remove,
    watch_term_update,
    watch_terms_bulk_add,
    watch_terms_parse,
)

__all__ = [
    "CAPABILITY",
    "BulkResult",
    "Probe",
    "RuleInput",
    "SourceInput",
    "alert_rule_create",
    "alert_rule_set_active",
    "alert_rule_update",
    "city_office",
    "config_register",
    "rule_input_clean",
    "source_create",
    "source_delete",
    "source_fetch_now",
    "source_input_clean",
    "source_pause",
    "source_probe",
    "source_resume",
    "source_update",
    "watch_term_add",
    "watch_term_remove",
    "watch_term_update",
    "watch_terms_bulk_add",
    "watch_terms_parse",
]
