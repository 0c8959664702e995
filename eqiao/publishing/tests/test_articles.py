"""Writing: sanitised rich text, channel lengths, the edit lock, revisions and their diff,
images checked by content and stripped of metadata, the sensitive-word list in both
scripts, links off the allow-list."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from PIL import Image

from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.publishing.models import AllowedDomain, FindingKind
from eqiao.publishing.richtext import sanitize, sms_count, weibo_length
from eqiao.publishing.services.articles import (
    ArticleInput,
    article_lock,
    article_update,
    revision_diff,
)
from eqiao.publishing.services.images import image_clean, image_upload
from eqiao.publishing.services.screening import article_scan
from eqiao.publishing.tests.conftest import CLEAN_BODY, write

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_rich_text_keeps_formatting_and_drops_scripts_handlers_and_javascript_links():
    html = sanitize(
        '<p onclick="steal()">正文<strong>加粗</strong><script>alert(1)</script>'
        '<a href="javascript:alert(1)">点我</a><a href="https://www.spp.gov.cn/">最高检</a>'
        '<img src="/media/x.jpg" onerror="x()" alt="图"><iframe src="https://evil"></iframe></p>'
    )
    assert "<strong>加粗</strong>" in html
    assert "script" not in html and "alert" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "javascript" not in html and "iframe" not in html
    assert 'href="https://www.spp.gov.cn/"' in html
    assert '<img src="/media/x.jpg" alt="图">' in html


def test_lengths_are_counted_as_sms_and_weibo_count_them():
    assert sms_count("检" * 70).segments == 1
    assert sms_count("检" * 71).segments == 2  # 67 a segment once split
    assert sms_count("检" * 134).segments == 2
    assert sms_count("检" * 135).segments == 3
    assert sms_count("a" * 160).segments == 1
    assert sms_count("a" * 161).segments == 2
    assert weibo_length("检察" + "ab" * 3) == 5  # two Latin letters count as one


def test_the_edit_lock_stops_a_second_editor_until_it_expires(desk):
    other = make_staff(desk.office, Role.EDITOR, "gx_editor2")
    with time_machine.travel(NOW, tick=False):
        article = write(desk)
        with pytest.raises(ApplicationError, match="正在编辑"):
            article_lock(actor=other, article=article)
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        assert article_lock(actor=other, article=article).lock_holder == other


def test_revisions_and_a_diff_between_any_two(desk):
    article = write(desk)
    for extra in ["<p>第二段。</p>", "<p>第三段。</p>"]:
        article = article_update(
            actor=desk.editor,
            article=article,
            data=ArticleInput(
                kind=article.kind,
                title=article.title,
                body_html=article.body_html + extra,
                short_text=article.short_text,
            ),
        )
    revs = list(article.revisions.order_by("number"))
    assert [r.number for r in revs] == [1, 2, 3]
    diff = revision_diff(old=revs[0], new=revs[2])
    added = [d.text for d in diff if d.op == "+"]
    assert added == ["第二段。", "第三段。"]


def exif_jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (36.0, 27.0, 0.0)}  # GPS
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_images_are_re_encoded_without_metadata(desk):
    data = exif_jpeg_with_gps()
    assert b"PhoneMaker" in data
    image = image_upload(
        actor=desk.editor, office=desk.office, data=data, alt="检察官走访", caption="走访"
    )
    stored = image.file.read()
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif()
        assert img.size == (64, 48)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"GIF89a not really", "不是有效的图片"),
        (b"%PDF-1.4 this is a pdf", "不是有效的图片"),
        (b"", "请选择图片"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    with pytest.raises(ApplicationError, match=message):
        image_clean(data)


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    # A tiny PNG that declares 20000×20000 pixels.
    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, format="PNG")
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(ApplicationError, match="尺寸过大|像素过多"):
        image_clean(buf.getvalue())


def test_sensitive_words_in_both_scripts_links_and_alt_text_are_found(desk):
    AllowedDomain.objects.create(domain="gov.cn")
    body = (
        CLEAN_BODY
        + "<p>本文引用的內部資料已解密。</p>"
        + '<p>详见<a href="https://www.spp.gov.cn/a">最高检</a>和<a href="http://bad.example/x">这里</a>。</p>'
        + '<p><img src="/media/a.jpg" alt="十五岁的小明在作证"></p>'
    )
    article = write(desk, body=body, short="更多见 www.unknown.example 绝密")
    found = {(f.kind, f.field, f.matched) for f in article_scan(article=article)}
    assert (FindingKind.SENSITIVE_WORD, "body", "內部資料") in found  # Traditional
    assert (FindingKind.SENSITIVE_WORD, "short", "绝密") in found
    assert (FindingKind.LINK, "link", "http://bad.example/x") in found
    assert (FindingKind.LINK, "short", "www.unknown.example") in found
    assert not any(m.startswith("https://www.spp.gov.cn") for _k, _f, m in found)
    assert (FindingKind.PERSONAL_DATA, "alt", "十五岁") in found


def test_a_fixed_finding_is_marked_fixed_and_a_waiver_survives_an_unrelated_edit(desk):
    from eqiao.publishing.models import FindingStatus
    from eqiao.publishing.services.screening import finding_waive

    article = write(desk, body=CLEAN_BODY + "<p>绝密文件已移交。</p><p>电话13906351234。</p>")
    article_scan(article=article)
    word = article.findings.get(kind=FindingKind.SENSITIVE_WORD)
    finding_waive(actor=desk.reviewer, finding=word, reason="文件名称，已解密")
    article.body_html = article.body_html.replace("电话13906351234。", "") + "<p>新增一段。</p>"
    article.save()
    article_scan(article=article)
    statuses = {f.kind: f.status for f in article.findings.all()}
    assert statuses[FindingKind.SENSITIVE_WORD] == FindingStatus.WAIVED
    assert statuses[FindingKind.PERSONAL_DATA] == FindingStatus.FIXED
