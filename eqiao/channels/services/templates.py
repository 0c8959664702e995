"""Message templates: what may be sent, registered by the app that sends it.

Chinese SMS providers (Aliyun, Tencent Cloud) send by template, not free text: each wording
is approved once and then sent as a template code plus parameters. So every outbound message
names a registered template and gives its parameters; the record keeps the template name,
the parameters and the rendered text. Apps register their wordings from
``AppConfig.ready()``::

    sms_template_register(
        name="intake.receipt",
        text=N_("您的%(kind)s已受理，受理编号%(number)s，查询密码%(password)s。…"),
        params=("kind", "number", "password", "due"),
        requested=True,
    )

`text` is the Chinese source (marked with gettext_noop, translated in the app's catalogue)
with only ``%(name)s`` placeholders, exactly one per declared parameter; it is rendered in
the site's language. An SMS gets the signature (EQIAO_SMS_SIGNATURE) in front. The code a
provider assigned to each template is configuration (EQIAO_SMS_TEMPLATE_CODES), read by the
provider, not by the apps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from eqiao.channels.models import MessageChannel

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# %(name)s placeholders, a literal %%, or any other use of % (refused at registration).
_PERCENT_RE = re.compile(r"%\((?P<name>[^)]*)\)(?P<conv>.)|%%|%.?")


@dataclass(frozen=True)
class MessageTemplate:
    """One approved wording: `name` is ours ("intake.receipt"), the same on every provider."""

    channel: str
    name: str
    text: str
    params: tuple[str, ...]
    requested: bool  # the person asked for it: sent even after they opted out


_templates: dict[tuple[str, str], MessageTemplate] = {}


def _placeholders(name: str, text: str) -> list[str]:
    found = []
    for match in _PERCENT_RE.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group("name") is None or match.group("conv") != "s":
            raise ValueError(f"template {name}: only %(name)s placeholders are allowed")
        found.append(match.group("name"))
    return found


def message_template_register(
    *,
    channel: str,
    name: str,
    text: str,
    params: Sequence[str] = (),
    requested: bool = False,
) -> MessageTemplate:
    """Register a template (from `AppConfig.ready()`). Registering the same template again
    is harmless; a different one under a taken name raises ValueError, as does a text whose
    placeholders are not exactly the declared parameters."""
    if not _NAME_RE.match(name):
        raise ValueError(f"template name {name!r} must look like 'app.purpose'")
    params = tuple(params)
    used = _placeholders(name, text)
    if sorted(set(used)) != sorted(params) or len(set(params)) != len(params):
        raise ValueError(f"template {name}: placeholders {used} do not match params {params}")
    template = MessageTemplate(
        channel=channel, name=name, text=text, params=params, requested=requested
    )
    existing = _templates.get((channel, name))
    if existing is not None and existing != template:
        raise ValueError(f"template {name} is already registered with another text")
    _templates[(channel, name)] = template
    return template


def sms_template_register(
    *, name: str, text: str, params: Sequence[str] = (), requested: bool = False
) -> MessageTemplate:
    """`message_template_register` for an SMS template."""
    return message_template_register(
        channel=MessageChannel.SMS, name=name, text=text, params=params, requested=requested
    )


def message_template_unregister(*, channel: str = MessageChannel.SMS, name: str) -> None:
    """For tests that register a template of their own."""
    _templates.pop((channel, name), None)


def message_templates(*, channel: str | None = None) -> list[MessageTemplate]:
    """The registered templates (of one channel), by name."""
    found = (t for t in _templates.values() if channel is None or t.channel == channel)
    return sorted(found, key=lambda t: (t.channel, t.name))


def message_template_get(*, channel: str = MessageChannel.SMS, name: str) -> MessageTemplate:
    """The registered template; ValueError for a name nobody registered."""
    template = _templates.get((channel, name))
    if template is None:
        raise ValueError(f"no {channel} template named {name!r} is registered")
    return template


def _clean_params(template: MessageTemplate, params: Mapping[str, object]) -> dict[str, str]:
    missing = [p for p in template.params if p not in params]
    extra = [p for p in params if p not in template.params]
    if missing or extra:
        raise ValueError(
            f"template {template.name}: missing params {missing}, unexpected params {extra}"
        )
    if none := [p for p in template.params if params[p] is None]:
        raise ValueError(f"template {template.name}: params {none} are None")
    # str() here, in the site language, so a lazy label renders in the message's language.
    return {p: str(params[p]) for p in template.params}


@dataclass(frozen=True)
class Rendered:
    template: MessageTemplate
    params: dict[str, str]  # every declared parameter, as the text the provider gets
    body: str  # the template's text in the site language, parameters filled in

    @property
    def text(self) -> str:
        """What the person reads: an SMS starts with the signature."""
        if self.template.channel == MessageChannel.SMS:
            return f"{settings.EQIAO_SMS_SIGNATURE}{self.body}"
        return self.body


def message_template_render(
    *, channel: str = MessageChannel.SMS, name: str, params: Mapping[str, object]
) -> Rendered:
    """Fill in a registered template, in the site's language (not the actor's: the message
    is for someone else). ValueError for an unknown template or a missing or unexpected
    parameter, so a half-rendered message is never stored."""
    template = message_template_get(channel=channel, name=name)
    with translation.override(settings.LANGUAGE_CODE):
        clean = _clean_params(template, params)
        body = translation.gettext(template.text) % clean
    return Rendered(template=template, params=clean, body=body)


def message_template_render_many(
    *, channel: str = MessageChannel.SMS, name: str, params: Sequence[Mapping[str, object]]
) -> list[Rendered]:
    """`message_template_render` for many parameter sets of one template (a campaign's
    batch): the template looked up and translated once."""
    template = message_template_get(channel=channel, name=name)
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(template.text)
        rendered = []
        for one in params:
            clean = _clean_params(template, one)
            rendered.append(Rendered(template=template, params=clean, body=text % clean))
    return rendered
