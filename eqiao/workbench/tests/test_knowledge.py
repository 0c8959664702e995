"""The knowledge base pages of the workbench and the suggested-answers panel."""

import pytest

from eqiao.intake.models import Kind
from eqiao.knowledge.models import Faq, FaqStatus, UnansweredQuestion
from eqiao.knowledge.selectors import knowledge_search
from eqiao.knowledge.testing import kb_load
from eqiao.workbench.tests.conftest import submit


@pytest.fixture
def kb(db):
    kb_load()


def test_suggested_answers_beside_the_reply_of_a_consultation(as_staff, office_tree, kb):
    petition = submit(
        office_tree.guanxian,
        kind=Kind.CONSULTATION,
        title="工钱要不回来",
        content="包工头欠我八千块工钱一直不给，我该怎么办？",
    )
    client = as_staff(office_tree.guanxian_head)
    page = client.get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert f"/staff/knowledge/suggest/{petition.pk}/" in page
    panel = client.get(f"/staff/knowledge/suggest/{petition.pk}/").content.decode()
    assert "第二百七十六条之一" in panel
    assert "data-kb-insert" in panel and "插入答复" in panel and "引用法条" in panel
    assert "<mark>" in panel


def test_no_panel_for_a_complaint(as_staff, office_tree, kb):
    petition = submit(office_tree.guanxian, title="控告")
    page = as_staff(office_tree.guanxian_head).get(f"/staff/petitions/{petition.pk}/").content
    assert b"/staff/knowledge/suggest/" not in page


def test_the_panel_of_another_county_is_404(as_staff, office_tree, kb):
    petition = submit(office_tree.linqing, kind=Kind.CONSULTATION, title="问")
    response = as_staff(office_tree.guanxian_head).get(f"/staff/knowledge/suggest/{petition.pk}/")
    assert response.status_code == 404


def test_faq_written_reviewed_by_another_then_found(as_staff, office_tree, client, kb):
    as_staff(office_tree.guanxian_prosecutor)
    response = client.post(
        "/staff/knowledge/faqs/new/",
        {
            "question": "邻居家的狗咬伤了我孩子怎么办？",
            "answer": "先就医并保留病历，可要求狗主人赔偿；协商不成可以向法院起诉。",
            "articles": "",
            "tags": "动物 赔偿",
            "references": "《民法典》第一千二百四十五条",
        },
    )
    faq = Faq.objects.get(question__startswith="邻居家的狗")
    assert response.status_code == 302 and faq.status == FaqStatus.DRAFT
    assert (
        not knowledge_search("狗咬伤了孩子").faqs
        or knowledge_search("狗咬伤了孩子").faqs[0].faq != faq
    )  # a draft is not searched
    # The author may not publish their own entry.
    client.post(f"/staff/knowledge/faqs/{faq.pk}/review/", {"decision": "publish"})
    faq.refresh_from_db()
    assert faq.status == FaqStatus.DRAFT
    as_staff(office_tree.guanxian_head)
    client.post(f"/staff/knowledge/faqs/{faq.pk}/review/", {"decision": "publish"})
    faq.refresh_from_db()
    assert faq.status == FaqStatus.PUBLISHED
    assert knowledge_search("狗咬伤了孩子").faqs[0].faq == faq


def test_a_wrong_article_number_is_named_and_the_text_kept(as_staff, office_tree, client, kb):
    as_staff(office_tree.guanxian_prosecutor)
    response = client.post(
        "/staff/knowledge/faqs/new/",
        {"question": "问题", "answer": "解答", "articles": "999 264", "tags": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "刑法里没有第 999 条" in page and 'value="999 264"' in page


def test_unanswered_questions_become_faq_entries(as_staff, office_tree, client, kb):
    from eqiao.knowledge.services.unanswered import unanswered_record

    unanswered_record(text="宅基地被邻居占了怎么办", confidence=0.1, channel="wechat")
    unanswered_record(text="宅基地被邻居占了怎么办？", confidence=0.2, channel="wechat")
    question = UnansweredQuestion.objects.get()
    assert question.times == 2
    as_staff(office_tree.guanxian_prosecutor)
    page = client.get("/staff/knowledge/unanswered/").content.decode()
    assert "宅基地被邻居占了怎么办" in page
    form = client.get(f"/staff/knowledge/faqs/new/?from={question.pk}").content.decode()
    assert "宅基地被邻居占了怎么办" in form
    client.post(
        f"/staff/knowledge/faqs/new/?from={question.pk}",
        {
            "question": "宅基地被邻居占了怎么办？",
            "answer": "先找村委会调解……",
            "articles": "",
            "tags": "",
        },
    )
    assert "宅基地" not in client.get("/staff/knowledge/unanswered/").content.decode()


def test_vocabulary_page_adds_a_term(as_staff, office_tree, client, kb):
    as_staff(office_tree.guanxian_prosecutor)
    client.post("/staff/knowledge/vocabulary/", {"colloquial": "整没了", "legal": "故意杀人罪"})
    assert knowledge_search("把人整没了").articles[0].article.key == "232"


def test_law_import_from_docx(as_staff, office_tree, client, kb):
    import io

    from eqiao.knowledge.tests.docx_files import docx_bytes

    lines = ["第一章 总则", "第一条 为了测试，制定本法。", "第二条之一 【测试罪】测试的，处罚。"]
    data = io.BytesIO(docx_bytes(lines))
    data.name = "test.docx"
    as_staff(office_tree.city_head)
    response = client.post(
        "/staff/knowledge/import/",
        {"code": "test_law", "title": "测试法", "short_name": "测试法", "file": data},
    )
    from eqiao.knowledge.models import Article

    # Uploading only shows what would be imported: nothing is stored yet.
    preview = client.get(response["Location"]).content.decode()
    assert "找到 2 条" in preview and "这是一部新法律" in preview
    assert "第二条之一" in preview and "【测试罪】" in preview
    assert not Article.objects.filter(law__code="test_law").exists()
    assert client.post(response["Location"], {"action": "import"}).status_code == 302
    keys = list(Article.objects.filter(law__code="test_law").values_list("key", "chapter"))
    assert keys == [("1", "第一章 总则"), ("2-1", "第一章 总则")]


def test_law_import_preview_compares_with_the_stored_law(as_staff, office_tree, client, kb):
    import io

    from eqiao.knowledge.models import Article, LawImportDraft

    def upload(lines):
        data = io.BytesIO("\n".join(lines).encode())
        data.name = "law.txt"
        response = client.post(
            "/staff/knowledge/import/", {"code": "town_law", "title": "乡规", "file": data}
        )
        return response["Location"]

    as_staff(office_tree.city_head)
    first = upload(["第一条 甲。", "第二条 乙。", "第三条 丙。"])
    client.post(first, {"action": "import"})
    second = upload(["第一条 甲。", "第二条 乙改。", "第五条 戊。"])
    page = client.get(second).content.decode()
    assert "新增 1 条，修改 1 条，删除 1 条，不变 1 条" in page
    assert "将删除（新文本中没有）：第三条" in page
    assert "条号不连续，缺少：第三条、第四条" in page
    # A colleague cannot see or confirm someone else's upload.
    as_staff(office_tree.city_admin)
    assert client.get(second).status_code == 404
    as_staff(office_tree.city_head)
    client.post(second, {"action": "discard"})
    assert not LawImportDraft.objects.exists()
    texts = list(Article.objects.filter(law__code="town_law").values_list("text", flat=True))
    assert texts == ["甲。", "乙。", "丙。"]


def test_import_refuses_a_file_without_articles_and_a_prosecutor(as_staff, office_tree, client, kb):
    import io

    as_staff(office_tree.guanxian_prosecutor)
    assert client.get("/staff/knowledge/import/").status_code == 403
    as_staff(office_tree.city_head)
    data = io.BytesIO("这里没有条文。".encode())
    data.name = "x.txt"
    response = client.post(
        "/staff/knowledge/import/", {"code": "x_law", "title": "X", "file": data}
    )
    assert "没有找到任何条文" in response.content.decode()
