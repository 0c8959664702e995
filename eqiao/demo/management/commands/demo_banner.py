"""Print where EQiao runs and how to log in to the demo, in Chinese and English
(`scripts/run.sh` calls it once the server is up).

    eqiao demo_banner --url http://127.0.0.1:8000/
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.demo.loader import DEMO_PASSWORD, DEMO_QUERY_PASSWORD
from eqiao.demo.staff import FEATURED_LOGINS
from eqiao.demo.stories import QINGSHUI_TEXT
from eqiao.intake.models import Petition
from eqiao.offices.models import Role, Staff


def _both(message) -> str:
    """A message (a msgid or a lazy label) in Chinese, then in English."""
    with translation.override("zh-hans"):
        zh = _(message) if isinstance(message, str) else str(message)
    with translation.override("en"):
        en = _(message) if isinstance(message, str) else str(message)
    return zh if en == zh else f"{zh} / {en}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


class Command(BaseCommand):
    help = "Print the addresses and the demo logins (used by `make run`)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the server's address")

    def handle(self, *args, url: str, **options):
        base = url.rstrip("/")
        out = self.stdout.write
        rule = "=" * 78
        out(rule)
        out(self.style.SUCCESS(_both(gettext_noop("E桥 已启动")) + f": {base}/"))
        for label, path in (
            (gettext_noop("群众门户"), "/"),
            (gettext_noop("干警工作台"), "/staff/"),
            (gettext_noop("管理后台"), "/admin/"),
            (gettext_noop("接口文档"), "/api/docs"),
        ):
            out(f"  {_pad(_both(label), 34)} {base}{path}")
        out("")
        self._logins(out)
        out(rule)
        self._lines(out, gettext_noop("按 Ctrl-C 停止服务。"), indent="")

    def _lines(self, out, message: str, indent: str = "  ") -> None:
        """A sentence too long to share a line: Chinese, then English below it."""
        for line in _both(message).split(" / ", 1):
            out(f"{indent}{line}")

    def _logins(self, out) -> None:
        staff = {
            s.user.username: s
            for s in Staff.objects.filter(user__username__in=FEATURED_LOGINS)
            .select_related("user", "office")
            .prefetch_related("roles")
        }
        if not staff:
            out(
                _both(
                    gettext_noop(
                        "没有演示账号。请用 eqiao staff_add 创建第一位管理员，"
                        "如：eqiao staff_add admin --full-name 王明 --roles administrator "
                        "--city-name 聊城市人民检察院"
                    )
                )
            )
            return
        out(self.style.WARNING(_both(gettext_noop("演示账号的统一密码")) + f": {DEMO_PASSWORD}"))
        if not settings.EQIAO_STAFF_TOTP_REQUIRED:
            self._lines(out, gettext_noop("演示环境已关闭二次验证（TOTP）。"))
        header = [
            _both(m) for m in (gettext_noop("用户名"), gettext_noop("角色"), gettext_noop("单位"))
        ]
        out(f"  {_pad(header[0], 22)} {_pad(header[1], 34)} {header[2]}")
        for username in FEATURED_LOGINS:
            member = staff.get(username)
            if member is None:
                continue
            role = " + ".join(
                _both(Role(code).label) for code in Role.values if code in member.role_codes
            )
            out(f"  {_pad(username, 22)} {_pad(role, 34)} {member.office.name}")
        self._lines(
            out,
            gettext_noop(
                "其他单位的账号同样命名：基层院 <县>_head、_reception、_prosecutor，"
                "派驻检察室 <乡镇>_head、_prosecutor（如 linqing_head、chengbei_head）。"
            ),
        )
        self._petitions(out)

    def _petitions(self, out) -> None:
        story = Petition.objects.filter(content=QINGSHUI_TEXT).first()
        out("")
        out(_both(gettext_noop("演示信访件的查询密码")) + f": {DEMO_QUERY_PASSWORD}")
        if story:
            label = _both(gettext_noop("庆海轴承欠薪（清水检察室，高风险）"))
            out(f"  {label}: {story.tracking_number}")
