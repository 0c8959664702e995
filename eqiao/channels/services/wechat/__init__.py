"""The WeChat official account's services: pushes from WeChat (`push`), binding followers
to phones (`binding`), auto-replies (`autoreply`), notifications to bound followers
(`notify`) and the custom menu (`menu`)."""

from eqiao.channels.services.wechat.binding import (
    BIND_CODE_TEMPLATE,
    binding_templates_register,
    follower_binding_command,
)
from eqiao.channels.services.wechat.menu import wechat_menu_build, wechat_menu_push
from eqiao.channels.services.wechat.notify import (
    wechat_companion_register,
    wechat_companions_queue,
    wechat_template_register,
    wechat_templates_register,
)
from eqiao.channels.services.wechat.push import (
    wechat_message_process,
    wechat_messages_process_due,
    wechat_push_receive,
)

__all__ = [
    "BIND_CODE_TEMPLATE",
    "binding_templates_register",
    "follower_binding_command",
    "wechat_companion_register",
    "wechat_companions_queue",
    "wechat_menu_build",
    "wechat_menu_push",
    "wechat_message_process",
    "wechat_messages_process_due",
    "wechat_push_receive",
    "wechat_template_register",
    "wechat_templates_register",
]
