"""OutboundSms becomes OutboundMessage, the one outbound record of every channel: the rows
are kept (renamed table), each gets channel "sms", an idempotency key of its own, and the
old "retrying" state becomes "queued" with its next attempt time."""

import django.utils.timezone
from django.db import migrations, models

import eqiao.channels.models


def forwards(apps, schema_editor):
    OutboundMessage = apps.get_model("channels", "OutboundMessage")
    OutboundMessage.objects.filter(status="retrying").update(status="queued")
    # Before, a delivery that was never tried had no next attempt either; both are due.
    for pk in OutboundMessage.objects.values_list("pk", flat=True).iterator():
        OutboundMessage.objects.filter(pk=pk).update(idempotency_key=f"legacy:{pk}")


def backwards(apps, schema_editor):
    OutboundMessage = apps.get_model("channels", "OutboundMessage")
    OutboundMessage.objects.filter(status="queued", attempts__gt=0).update(status="retrying")
    OutboundMessage.objects.filter(status__in=["sending"]).update(status="retrying")
    OutboundMessage.objects.filter(status__in=["delivered"]).update(status="sent")
    OutboundMessage.objects.filter(status__in=["suppressed"]).update(status="failed")


class Migration(migrations.Migration):
    dependencies = [("channels", "0001_initial")]

    operations = [
        migrations.RenameModel("OutboundSms", "OutboundMessage"),
        migrations.RenameField("outboundmessage", "phone", "recipient"),
        migrations.AddField(
            model_name="outboundmessage",
            name="idempotency_key",
            field=models.CharField(max_length=160, null=True, editable=False),
        ),
        migrations.AddField(
            model_name="outboundmessage",
            name="channel",
            field=models.CharField(choices=[("sms", "短信"), ("wechat", "微信"), ("weibo", "微博"), ("group", "群聊"), ("mail", "邮件")], default="sms", max_length=16, verbose_name="渠道"),
        ),
        migrations.AlterField(
            model_name="outboundmessage",
            name="status",
            field=models.CharField(choices=[("queued", "待发送"), ("sending", "发送中"), ("sent", "已发送"), ("delivered", "已送达"), ("failed", "发送失败"), ("suppressed", "已退订，未发送"), ("retrying", "重试中")], default="queued", max_length=16, verbose_name="状态"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="outboundmessage",
            name="idempotency_key",
            field=models.CharField(default=eqiao.channels.models._auto_key, editable=False, max_length=160, unique=True, verbose_name="幂等键"),
        ),
    ]
