from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0006_path_label"),
        ("opinion", "0003_post_fillfactor"),
    ]

    operations = [
        migrations.AddField(
            model_name="alertrule",
            name="to_analysts",
            field=models.BooleanField(default=True, verbose_name="通知值班分析员"),
        ),
        migrations.AddField(
            model_name="alertrule",
            name="to_office_head",
            field=models.BooleanField(default=True, verbose_name="通知涉及单位负责人"),
        ),
        migrations.AddField(
            model_name="alertrule",
            name="recipients",
            field=models.ManyToManyField(
                blank=True,
                related_name="opinion_alert_rules",
                to="offices.staff",
                verbose_name="指定人员",
            ),
        ),
        migrations.AddField(
            model_name="alertrule",
            name="escalate",
            field=models.BooleanField(default=True, verbose_name="未确认时升级"),
        ),
    ]
