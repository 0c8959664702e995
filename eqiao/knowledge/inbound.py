"""Legal questions asked on WeChat, answered from the knowledge base at once.

A WeChat text that the text engine reads as a plain consultation (no risk) and whose best
answer in the knowledge base is confident (`EQIAO_KB_AUTO_REPLY_THRESHOLD`) is answered
with that answer and its citation, through the customer-service message API; anything else
(a complaint, a risk, a question the base cannot answer well) goes on to intake's handler,
which takes it in as a petition for a person to answer. The menu's 法律咨询 button invites
exactly such questions.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy, gettext_noop

from eqiao.channels.labels import message_labels_register
from eqiao.channels.models import MessageChannel
from eqiao.channels.services import HandlerResult, Inbound, inbound_handler_register, message_queue
from eqiao.channels.services.wechat import wechat_template_register
from eqiao.knowledge.selectors import knowledge_search
from eqiao.knowledge.services.answers import answer_for, auto_reply
from eqiao.text import analyze

HANDLER_NAME = "knowledge.wechat_answer"
TEMPLATE = "knowledge.answer"
PURPOSE = "knowledge_answer"
# Before intake's catch-all (1000), after the channels' own commands (binding, opt-out).
PRIORITY = 500
OUTCOME = "knowledge_answer"


def _claims(message: Inbound) -> bool:
    """A plain legal question the knowledge base answers with confidence. Reads only."""
    text = message.text.strip()
    if not text or message.attachments:
        return False
    reading = analyze(text)
    if reading.category != "consultation" or reading.risk != "low":
        return False
    return answer_for(knowledge_search(text, top=3)).auto_reply


def question_answer_on_wechat(message: Inbound) -> HandlerResult:
    answer = auto_reply(message.text.strip(), channel="wechat")
    message_queue(
        channel=MessageChannel.WECHAT,
        recipient=message.sender,
        template=TEMPLATE,
        params={"answer": answer.text},
        purpose=PURPOSE,
        ref=(answer.citations[0] if answer.citations else "")[:64],
        idempotency_key=f"kb-answer:{message.provider_message_id}"[:160],
    )
    return HandlerResult(outcome=OUTCOME, ref=(answer.citations[0] if answer.citations else ""))


def inbound_handlers_register() -> None:
    """Called from `KnowledgeConfig.ready()`."""
    wechat_template_register(
        name=TEMPLATE,
        text=gettext_noop(
            "%(answer)s\n（以上是法律知识库的自动答复，仅供参考。如需反映问题或提出申请，"
            "请直接留言说明，我们会有专人办理。）"
        ),
        params=("answer",),
        requested=True,
    )
    inbound_handler_register(
        name=HANDLER_NAME,
        claims=_claims,
        handle=question_answer_on_wechat,
        channels=(MessageChannel.WECHAT,),
        priority=PRIORITY,
    )
    message_labels_register(
        {
            PURPOSE: gettext_lazy("法律知识库自动答复"),
            HANDLER_NAME: gettext_lazy("微信法律咨询（知识库自动答复）"),
        }
    )
