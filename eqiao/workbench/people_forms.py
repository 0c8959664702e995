"""Forms of the people page (人员与角色): they shape input; the rules (reach, scope, checks
of username, mobile and password) live in `offices.services.staff`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from eqiao.offices.models import Role
from eqiao.workbench.forms import StaffForm

NO_ROLES_MESSAGE = _("请至少选择一个角色。")


def _role_choices(grantable: list[str]) -> list[tuple[str, str]]:
    return [(value, label) for value, label in Role.choices if value in grantable]


class StaffRolesForm(StaffForm):
    """A NUL or control character in a field gets the workbench's specific message."""

    roles = forms.MultipleChoiceField(
        label=_("角色"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_ROLES_MESSAGE},
    )

    def __init__(self, *args, grantable: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = _role_choices(grantable)


class StaffCreateForm(StaffRolesForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)
    office = forms.TypedChoiceField(label=_("单位"), coerce=int)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(),
        help_text=_("至少8位，不要用常见密码；请当面告知本人，并提醒其首次登录后绑定验证器。"),
    )
    field_order = ["username", "full_name", "mobile", "office", "roles", "password"]

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [(o.pk, o.name) for o in offices]
