"""Inbound SMS are recorded by the channels dispatcher now (channels.InboundMessage): the
rows of api.SmsInbound move there (provider "sms_http", handled by intake, the petition's
tracking number as ref), so a provider retrying an old message id is still taken in once."""

from django.db import migrations


def forwards(apps, schema_editor):
    SmsInbound = apps.get_model("api", "SmsInbound")
    InboundMessage = apps.get_model("channels", "InboundMessage")
    for row in SmsInbound.objects.select_related("petition").iterator():
        InboundMessage.objects.get_or_create(
            provider="sms_http",
            provider_message_id=row.provider_id,
            defaults={
                "channel": "sms",
                "received_at": row.received_at,
                "handler": "intake.petition",
                "outcome": row.outcome,
                "ref": row.petition.tracking_number if row.petition else "",
                "sender": row.petition.phone if row.petition else "",
            },
        )


def backwards(apps, schema_editor):
    SmsInbound = apps.get_model("api", "SmsInbound")
    InboundMessage = apps.get_model("channels", "InboundMessage")
    Petition = apps.get_model("intake", "Petition")
    for row in InboundMessage.objects.filter(provider="sms_http", handler="intake.petition"):
        SmsInbound.objects.get_or_create(
            provider_id=row.provider_message_id,
            defaults={
                "received_at": row.received_at,
                "outcome": row.outcome,
                "petition": Petition.objects.filter(tracking_number=row.ref).first()
                if row.ref
                else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("channels", "0003_optout_inbound_message"),
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="SmsInbound"),
    ]
