"""The redaction scorer counts what a reader of a published release could still identify."""

from eqiao.text.redact import Finding, Redaction
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


def test_marked_pseudonyms_and_ordinal_forms_are_not_counted_either_way():
    release = {
        "id": "t-2",
        "text": "被害人小宇（化名，16岁）、小甜、小琳（均为化名）被刘建军诈骗，刘某甲、刘某乙系其子。",
        "names": ["小宇", "小甜", "小琳", "刘建军", "刘某甲", "刘某乙"],
        "officials": [],
    }

    def mask_everything_listed(text, keep_officials=False):
        spans = [("小宇", "name"), ("小甜", "name"), ("刘建军", "name")]
        return Redaction(
            text=text,
            findings=[
                Finding(kind, text.index(form), text.index(form) + len(form), form, "某")
                for form, kind in spans
            ],
        )

    report = evaluate_releases([release], redactor=mask_everything_listed)
    assert report.name_total == 1  # 刘建军 only
    assert report.name_found == 1
    # Masking a pseudonym is no wrong mask either.
    assert report.name_findings == 1 and report.name_findings_unlisted == 0
