"""Services of the channels app: outbound delivery (`outbound`), the opt-out list
(`optout`), the inbound dispatcher (`inbound`) and the message templates (`templates`). The names callers need are re-exported
here: `from eqiao.channels.services import sms_queue`."""

from eqiao.channels.services.delivery import (
    MAX_ATTEMPTS,
    message_deliver,
    message_receipt_record,
    messages_deliver,
    messages_deliver_due,
)
from eqiao.channels.services.inbound import (
    HandlerResult,
    Inbound,
    InboundAttachment,
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
    deliveries_gathered,
    message_prepare,
    message_queue,
    message_release,
    message_store_prepared,
    messages_release,
    sms_queue,
)
from eqiao.channels.services.outbound_bulk import BulkItem, messages_queue_bulk
from eqiao.channels.services.templates import (
    MessageTemplate,
    Rendered,
    message_template_get,
    message_template_register,
    message_template_render,
    message_template_unregister,
    message_templates,
    sms_template_register,
)

__all__ = [
    "BulkItem",
    "HandlerResult",
    "Inbound",
    "InboundAttachment",
    "inbound_dispatch",
    "inbound_handler_register",
    "inbound_handler_unregister",
    "MAX_ATTEMPTS",
    "MessageTemplate",
    "Rendered",
    "message_deliver",
    "message_queue",
    "message_receipt_record",
    "deliveries_gathered",
    "message_prepare",
    "message_release",
    "message_store_prepared",
    "message_template_get",
    "message_template_register",
    "message_template_render",
    "message_template_unregister",
    "message_templates",
    "messages_deliver",
    "messages_deliver_due",
    "messages_queue_bulk",
    "messages_release",
    "optin_record",
    "optout_is_active",
    "optout_record",
    "optout_set_by_staff",
    "sms_queue",
    "sms_template_register",
]
