"""Forms of the workbench: they parse and shape input; the rules live in the services."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from eqiao.intake.models import (
    Channel,
    Kind,
    LeadKind,
    LeadOutcome,
    LeadStatus,
    Outcome,
    RiskLevel,
    Status,
    category_choices,
)

EMPTY = [("", _("全部"))]
STATUS_CHOICES = [("", _("全部")), ("open", _("未办结")), *Status.choices]
DUE_CHOICES = [("", _("全部")), ("due_soon", _("即将到期")), ("overdue", _("已超期"))]
# Channels a staff member enters on a citizen's behalf; web, WeChat and SMS come in by themselves.
STAFF_CHANNELS = [Channel.HOTLINE, Channel.WALK_IN, Channel.VIDEO]


# NUL and the other control characters (tab and newline allowed): pasted binary, never text.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


class _TextOnly:
    """Refuses control characters with the message citizens get for the same input."""

    def __init__(self, label) -> None:
        self.label = label

    def __call__(self, value: str) -> None:
        if value and CONTROL_CHARS.search(str(value)):
            raise ValidationError(
                _("%(label)s里有无法识别的字符，请只输入文字。") % {"label": self.label},
                code="control_characters",
            )


class StaffForm(forms.Form):
    """The base of every workbench form: a text field with NUL or another control character
    says which field and what to do, instead of Django's generic "Null characters are not
    allowed." (and before the service sees it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators.append(_TextOnly(field.label))


def _choices_of(queryset, label=str) -> list[tuple[str, str]]:
    return [(str(obj.pk), label(obj)) for obj in queryset]


class QueueFilterForm(StaffForm):
    """The queue's filters. Unknown or stale values are dropped rather than refused, so a
    bookmarked URL never breaks the page."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=EMPTY + Kind.choices, required=False)
    risk = forms.ChoiceField(label=_("风险"), choices=EMPTY + RiskLevel.choices, required=False)
    channel = forms.ChoiceField(label=_("渠道"), choices=EMPTY + Channel.choices, required=False)
    office = forms.ChoiceField(label=_("承办单位"), required=False)
    due = forms.ChoiceField(label=_("期限"), choices=DUE_CHOICES, required=False)
    mine = forms.BooleanField(label=_("只看交办给我的"), required=False)

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = EMPTY + _choices_of(offices, lambda o: o.short_name)

    def selector_kwargs(self) -> dict:
        data = self.cleaned_data if self.is_valid() else self._valid_subset()
        return {
            "q": data.get("q") or None,
            "status": data.get("status") or None,
            "kind": data.get("kind") or None,
            "risk": data.get("risk") or None,
            "channel": data.get("channel") or None,
            "office_id": int(data["office"]) if data.get("office") else None,
            "due": data.get("due") or None,
            "assigned_to_me": bool(data.get("mine")),
        }

    def _valid_subset(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class AssignForm(StaffForm):
    assignee = forms.ChoiceField(label=_("承办人"))
    note = forms.CharField(
        label=pgettext_lazy("workbench", "交办意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = _choices_of(
            assignees, lambda s: f"{s.full_name}（{s.roles_display}）"
        )


class RouteForm(StaffForm):
    to_office = forms.ChoiceField(label=_("转至单位"))
    reason = forms.CharField(
        label=pgettext_lazy("workbench", "转办理由"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, targets=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)

        up_label, down_label = _("上级"), _("下级")

        def label(office):
            up = current is not None and office.pk == current.parent_id
            return f"{office.name}（{up_label if up else down_label}）"

        self.fields["to_office"].choices = _choices_of(targets, label)


class NoteForm(StaffForm):
    text = forms.CharField(
        label=_("内部备注（群众看不到）"), widget=forms.Textarea(attrs={"rows": 3})
    )


class SuperviseForm(StaffForm):
    deadline = forms.DateField(label=_("督办期限"), widget=forms.DateInput(attrs={"type": "date"}))
    instruction = forms.CharField(
        label=pgettext_lazy("workbench", "督办意见"), widget=forms.Textarea(attrs={"rows": 2})
    )


class SupervisionResolveForm(StaffForm):
    supervision = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=pgettext_lazy("workbench", "办结意见"), required=False)


class ReplyForm(StaffForm):
    text = forms.CharField(
        label=_("答复内容（群众可见）"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(StaffForm):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Outcome.choices)
    text = forms.CharField(
        label=pgettext_lazy("workbench", "办结说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("尚未结果答复的，此处内容将作为结果答复发送给群众。"),
    )


class ReclassifyForm(StaffForm):
    """A correction of the engine's reading, chosen from its own lists (labels in Chinese),
    so only labels the trainer knows are stored."""

    kind = forms.ChoiceField(label=_("诉求类别"), choices=Kind.choices)
    category = forms.ChoiceField(label=pgettext_lazy("workbench", "分类"), choices=category_choices)
    risk = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)


class LeadForm(StaffForm):
    kind = forms.ChoiceField(label=_("线索类别"), choices=LeadKind.choices)
    summary = forms.CharField(label=_("线索摘要"), widget=forms.Textarea(attrs={"rows": 3}))


class LeadCloseForm(StaffForm):
    outcome = forms.ChoiceField(label=_("结果"), choices=LeadOutcome.choices)
    note = forms.CharField(
        label=pgettext_lazy("workbench", "结果说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LeadFilterForm(StaffForm):
    status = forms.ChoiceField(label=_("状态"), choices=EMPTY + LeadStatus.choices, required=False)
    kind = forms.ChoiceField(label=_("线索类别"), choices=EMPTY + LeadKind.choices, required=False)


class PlanStartForm(StaffForm):
    template = forms.ChoiceField(label=_("应急预案模板"))

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = _choices_of(templates, lambda t: t.name)


class StepCompleteForm(StaffForm):
    # Not required here: the service refuses an empty note with the message shown at the step.
    note = forms.CharField(label=pgettext_lazy("workbench", "处置情况"), required=False)


class PlanCloseForm(StaffForm):
    summary = forms.CharField(label=_("处置总结"), widget=forms.Textarea(attrs={"rows": 4}))


class PetitionEntryForm(StaffForm):
    """A petition taken by phone, at the window or on video, typed in by a receptionist.
    Only the shape is checked here; `petition_submit` checks the content."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    channel = forms.ChoiceField(
        label=_("来源渠道"), choices=[(c.value, c.label) for c in STAFF_CHANNELS]
    )
    kind = forms.ChoiceField(label=_("诉求类别"), choices=Kind.choices)
    office = forms.ChoiceField(label=_("承办单位"))
    anonymous = forms.BooleanField(label=_("匿名举报"), required=False)
    name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    phone = forms.CharField(label=_("手机号"), required=False, max_length=20)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=20)
    address = forms.CharField(label=_("联系地址"), required=False, max_length=200)
    origin = forms.CharField(
        label=_("来源地"), required=False, max_length=60, help_text=_("省份或国家，如“山东省”。")
    )
    title = forms.CharField(label=_("标题"), required=False, max_length=100)
    content = forms.CharField(
        label=pgettext_lazy("workbench", "诉求内容"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = _choices_of(offices, lambda o: o.name)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
