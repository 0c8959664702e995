"""What configuring the monitoring desk shares (its capability, limits, audit actions):
the sources posts come from (`sources`), the watch-list (`terms`) and the alert rules
(`rules`). Every change is checked (a clear Chinese message names what
is wrong), allowed by `opinion.configure` and written to the audit log.

Sources and alert rules serve the whole installation, so only holders of
`opinion.configure` at the city procuratorate (the root of the tree) change them; a watch
term tied to an office may be changed by a holder in that office's line."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from eqiao.core.audit import audit_log
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.opinion.models import (
    SourceKind,
)

CAPABILITY = "opinion.configure"
POLL_MIN, POLL_MAX = 5, 24 * 60
ESCALATE_MIN, ESCALATE_MAX = 5, 7 * 24 * 60
MAX_REACH = 100_000_000
MAX_RECIPIENTS = 50
MAX_BULK_LINES = 500
POLLED_KINDS = (SourceKind.RSS, SourceKind.SEARCH)
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")

AUDIT_ACTIONS = {
    "opinion.source_create": gettext_lazy("添加舆情来源"),
    "opinion.source_update": gettext_lazy("修改舆情来源"),
    "opinion.source_pause": gettext_lazy("暂停舆情来源"),
    "opinion.source_resume": gettext_lazy("恢复舆情来源"),
    "opinion.source_delete": gettext_lazy("删除舆情来源"),
    "opinion.source_fetch": gettext_lazy("立即抓取舆情来源"),
    "opinion.watch_term_add": gettext_lazy("添加监测词"),
    "opinion.watch_term_update": gettext_lazy("修改监测词"),
    "opinion.watch_term_remove": gettext_lazy("删除监测词"),
    "opinion.alert_rule_create": gettext_lazy("添加预警规则"),
    "opinion.alert_rule_update": gettext_lazy("修改预警规则"),
    "opinion.alert_rule_enable": gettext_lazy("启用预警规则"),
    "opinion.alert_rule_disable": gettext_lazy("停用预警规则"),
}


def config_register() -> None:
    """Name this module's audit actions (called from the app's `ready()`)."""
    from eqiao.core.audit import audit_actions_register

    audit_actions_register(AUDIT_ACTIONS)


def city_office() -> Procuratorate | None:
    return Procuratorate.objects.filter(parent__isnull=True).order_by("pk").first()


def _require_city(actor: Staff) -> None:
    require(actor, CAPABILITY, city_office())


def _audit(actor: Staff, action: str, target, **detail) -> None:
    audit_log(actor=actor.user, action=action, target=target, detail=detail)
