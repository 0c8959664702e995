"""A broken text engine never costs a citizen their petition."""

from eqiao.intake.models import Petition, RiskLevel
from eqiao.intake.services import reading
from eqiao.intake.services.submission import petition_submit


def _broken(text):
    raise RuntimeError("model file missing")


def test_petition_is_accepted_for_manual_assessment_when_the_engine_fails(
    office_tree, monkeypatch, sms_outbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reading, "analyze", _broken)
    with django_capture_on_commit_callbacks(execute=True):
        result = petition_submit(
            kind="complaint",
            channel="web",
            content="村里的补偿款一直没有发下来，请帮忙问一下。",
            name="王秀英",
            phone="13906351111",
        )
    petition = Petition.objects.get(pk=result.petition.pk)
    assert petition.risk_level == RiskLevel.MEDIUM
    assert reading.ENGINE_FAILED_REASON in petition.risk_reasons
    assert any(petition.tracking_number in sms.text for sms in sms_outbox)


def test_follow_up_message_is_flagged_when_the_engine_fails(monkeypatch):
    monkeypatch.setattr(reading, "assess_risk", _broken)
    assert reading.text_risk("还没有人联系我") == ("medium", [reading.ENGINE_FAILED_REASON])
