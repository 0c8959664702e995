"""The redaction scorer counts what a reader of a published release could still identify."""

from eqiao.text.redact import Redaction
from eqiao.text.redact_quality import evaluate_releases

RELEASE = {
    "id": "t-1",
    "text": "被告人孔繁星，男，1979年出生。孔某用拳头击打被害人房立军面部，房某某鼻骨骨折。",
    "names": ["孔繁星", "孔某", "房立军", "房某某"],
    "officials": [],
}


def test_forms_already_anonymised_are_not_counted_as_names_to_mask():
    report = evaluate_releases([RELEASE])
    assert report.name_total == 2  # 孔繁星 and 房立军, not 孔某 or 房某某
    assert report.name_found == 2
    assert report.missed == []


def test_a_listed_full_name_left_in_the_text_is_still_a_miss():
    def keep_everything(text, keep_officials=False):
        return Redaction(text=text, findings=[])

    report = evaluate_releases([RELEASE], redactor=keep_everything)
    assert report.name_total == 2
    assert report.name_found == 0
    assert sorted(name for _, name in report.missed) == ["孔繁星", "房立军"]
