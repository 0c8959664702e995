"""Services of the channels app: outbound delivery (`outbound`), the opt-out list
(`optout`) and the inbound dispatcher (`inbound`). The names callers need are re-exported
here: `from eqiao.channels.services import sms_queue`."""

from eqiao.channels.services.inbound import (
    HandlerResult,
    Inbound,
    inbound_dispatch,
    inbound_handler_register,
    inbound_handler_unregister,
)
from eqiao.channels.services.optout import (
    optin_record,
    optout_is_active,
    optout_record,
    optout_set_by_staff,
)
from eqiao.channels.services.outbound import (
    MAX_ATTEMPTS,
    message_deliver,
    message_queue,
    message_receipt_record,
    messages_deliver,
    messages_deliver_due,
    sms_queue,
)

__all__ = [
    "HandlerResult",
    "Inbound",
    "inbound_dispatch",
    "inbound_handler_register",
    "inbound_handler_unregister",
    "MAX_ATTEMPTS",
    "message_deliver",
    "message_queue",
    "message_receipt_record",
    "messages_deliver",
    "messages_deliver_due",
    "optin_record",
    "optout_is_active",
    "optout_record",
    "optout_set_by_staff",
    "sms_queue",
]
