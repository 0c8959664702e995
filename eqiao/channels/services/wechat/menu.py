"""The account's custom menu: the `WeChatMenuItem` rows turned into WeChat's JSON and
pushed (`eqiao wechat_menu_push`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from eqiao.channels.models import MenuButtonKind, WeChatMenuItem
from eqiao.channels.providers.wechat import wechat_api
from eqiao.core.errors import ApplicationError

MAX_TOP = 3
MAX_SUB = 5
MAX_TOP_NAME_BYTES = 16  # WeChat counts bytes: four Chinese characters
MAX_SUB_NAME_BYTES = 60


def _url(item: WeChatMenuItem) -> str:
    url = item.url.strip()
    if url.startswith(("http://", "https://")):
        return url
    base = settings.EQIAO_PUBLIC_BASE_URL
    if not url.startswith("/") or not base:
        raise ApplicationError(
            _("菜单“%(name)s”的网址不完整：请填写完整网址，或设置 EQIAO_PUBLIC_BASE_URL。")
            % {"name": item.name},
            field="url",
        )
    return f"{base}{url}"


def _button(item: WeChatMenuItem, *, max_name_bytes: int) -> dict[str, Any]:
    if len(item.name.encode()) > max_name_bytes:
        raise ApplicationError(
            _("菜单名称“%(name)s”太长（一级菜单最多4个汉字，二级最多20个）。")
            % {"name": item.name},
            field="name",
        )
    if item.kind == MenuButtonKind.VIEW:
        return {"type": "view", "name": item.name, "url": _url(item)}
    if item.kind == MenuButtonKind.CLICK:
        if not item.key:
            raise ApplicationError(
                _("点击菜单“%(name)s”需要填写菜单键。") % {"name": item.name}, field="key"
            )
        return {"type": "click", "name": item.name, "key": item.key}
    raise ApplicationError(
        _("菜单“%(name)s”类型不对：子菜单只能放在一级。") % {"name": item.name}, field="kind"
    )


def wechat_menu_build() -> list[dict[str, Any]]:
    """WeChat's `button` list from the active menu rows; ApplicationError names the first
    row WeChat would refuse."""
    items = list(WeChatMenuItem.objects.filter(active=True).order_by("position", "pk"))
    top = [i for i in items if i.parent_id is None]
    if not 1 <= len(top) <= MAX_TOP:
        raise ApplicationError(_("一级菜单应有1到3个，现在有%(n)d个。") % {"n": len(top)})
    buttons = []
    for item in top:
        if item.kind != MenuButtonKind.PARENT:
            buttons.append(_button(item, max_name_bytes=MAX_TOP_NAME_BYTES))
            continue
        subs = [i for i in items if i.parent_id == item.pk]
        if not 1 <= len(subs) <= MAX_SUB:
            raise ApplicationError(
                _("菜单“%(name)s”应有1到5个子菜单。") % {"name": item.name}, field="parent"
            )
        if len(item.name.encode()) > MAX_TOP_NAME_BYTES:
            raise ApplicationError(
                _("菜单名称“%(name)s”太长（一级菜单最多4个汉字，二级最多20个）。")
                % {"name": item.name},
                field="name",
            )
        sub_buttons = [_button(s, max_name_bytes=MAX_SUB_NAME_BYTES) for s in subs]
        buttons.append({"name": item.name, "sub_button": sub_buttons})
    return buttons


def wechat_menu_push() -> list[dict[str, Any]]:
    """Build the menu and replace the account's menu with it; returns what was sent.
    Raises ApplicationError (a row WeChat would refuse) or the provider's errors."""
    buttons = wechat_menu_build()
    wechat_api().menu_create(buttons=buttons)
    return buttons
