"""A month of the studio's output (新媒体工作室), told through the publishing services: case
releases, case interpretations, a legal-education series (食品安全), work news and an
announcement, written by the editors, stopped and passed by the automated review, approved
by the heads and published to the portal; one article still in review, one rejected; a
mobile digest sent to subscriber groups and a newsletter (清水检察室报) for the outposts'
notice boards. Dates are spread over the month before the demo's today; deterministic."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max

from eqiao.channels.models import OutboundMessage
from eqiao.core.models import AuditEntry, Notification
from eqiao.demo.offices import Tree
from eqiao.demo.staff import Cast
from eqiao.offices.models import Role
from eqiao.publishing.models import (
    AllowedDomain,
    Article,
    ArticleOutlet,
    ArticleRevision,
    DigestIssue,
    Finding,
    GroupKind,
    IssueReviewTask,
    NewsletterIssue,
    ReviewTask,
    SensitiveWord,
    Series,
    SubscriberGroup,
)
from eqiao.publishing.services.articles import ArticleInput, article_create, article_update
from eqiao.publishing.services.correction import article_correct
from eqiao.publishing.services.digest import (
    digest_create,
    digest_decide,
    digest_send,
    digest_submit,
    subscriber_set,
)
from eqiao.publishing.services.newsletter import (
    newsletter_create,
    newsletter_decide,
    newsletter_submit,
)
from eqiao.publishing.services.publish import article_outlets_deliver
from eqiao.publishing.services.review import (
    article_submit,
    finding_waived_continue,
    review_decide,
)
from eqiao.publishing.services.screening import finding_waive

SENSITIVE_WORDS = [
    ("内部资料", "保密"), ("绝密", "保密"), ("机密", "保密"), ("秘密级", "保密"),
    ("内部讨论稿", "保密"), ("侦查方案", "办案"), ("举报人姓名", "办案"), ("证人住址", "办案"),
    ("未成年被害人", "未成年人"), ("涉案未成年人", "未成年人"), ("赌博网址", "违法"),
    ("翻墙", "违法"), ("办证刻章", "违法"), ("代开发票", "违法"),
]  # fmt: skip
DOMAINS = ["gov.cn", "spp.gov.cn", "jcrb.com", "12309.gov.cn"]


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


# (day of the month before today, kind, title, body, short, tags, series key, office key)
ARTICLES = [
    (2, "case_release", "冠县院依法对一起非法占用农用地案提起公诉",
     _p("近日，冠县人民检察院依法对孙某某非法占用农用地一案提起公诉。",
        "经审查查明，孙某某未经批准擅自在基本农田上建设厂房，造成耕地种植条件严重毁坏。",
        "检察机关提醒：耕地是粮食生产的命根子，任何单位和个人不得非法占用。"),
     "冠县院对一起非法占用农用地案提起公诉，提醒群众依法保护耕地。", ["耕地保护", "公益诉讼"], "", "guanxian"),
    (4, "legal_education", "食品安全法律知识（一）：买到过期食品怎么办",
     _p("买到过期食品，消费者可以要求经营者退货，并依照食品安全法要求支付价款十倍的赔偿金。",
        "保存好购物小票和食品包装，是维权的关键证据。也可以拨打12315投诉举报。"),
     "买到过期食品可要求退货并索赔价款十倍赔偿金，记得保存小票和包装。", ["食品安全"], "food", "guanxian"),
    (6, "case_interpretation", "以案释法：拖欠农民工工资，检察机关支持起诉",
     _p("清水镇十二名农民工在某工地务工，工程完工后工资迟迟未能结清。",
        "清水检察室了解情况后，依法支持农民工向人民法院提起诉讼，最终帮助他们追回工资十八万余元。",
        "检察官提示：遇到欠薪，可以向劳动保障监察部门投诉，也可以向检察机关申请支持起诉。"),
     "清水检察室支持十二名农民工起诉，追回工资十八万余元。", ["支持起诉", "农民工"], "", "guanxian"),
    (9, "legal_education", "食品安全法律知识（二）：农村集体聚餐要注意什么",
     _p("农村红白喜事集体聚餐人数多、规模大，是食品安全的重点。",
        "举办者应当向村食品安全协管员报告，选择有健康证明的厨师，食材要索证索票。"),
     "农村集体聚餐请提前报告、选用持证厨师、食材索证索票。", ["食品安全", "农村"], "food", "guanxian"),
    (11, "work_news", "临清市院新媒体工作室开展“检察开放日”活动",
     _p("临清市人民检察院新媒体工作室邀请人大代表、政协委员和群众代表走进检察院，参观案件管理大厅和新媒体工作室。",
        "代表们表示，通过开放日活动，对检察工作有了更直观的了解。"),
     "临清市院举办检察开放日，代表和群众走进新媒体工作室。", ["检察开放日"], "", "linqing"),
    (13, "case_release", "聊城市院通报一起职务侵占案办理情况",
     _p("聊城市人民检察院依法对某公司原出纳员刘某某职务侵占一案提起公诉。",
        "刘某某利用职务便利，多次将公司资金转入个人账户，数额较大。"),
     "聊城市院依法对一起职务侵占案提起公诉。", ["职务犯罪预防"], "", "city"),
    (16, "legal_education", "食品安全法律知识（三）：网购食品如何维权",
     _p("通过网络交易平台购买食品，合法权益受到损害的，可以向入网食品经营者或者生产者要求赔偿。",
        "平台不能提供经营者真实名称、地址和有效联系方式的，由平台承担赔偿责任。"),
     "网购食品受损可向经营者索赔，平台提供不了商家信息的由平台赔偿。", ["食品安全", "网购"], "food", "guanxian"),
    (18, "announcement", "关于召开一起刑事申诉案件公开听证会的公告",
     _p("冠县人民检察院定于12月8日上午9时在本院听证室，就一起刑事申诉案件举行公开听证。",
        "欢迎社会各界人士报名旁听，报名电话见本院网站。"),
     "冠县院12月8日上午9时举行刑事申诉案件公开听证会，欢迎报名旁听。", ["公开听证"], "", "guanxian"),
    (21, "work_news", "小微企业法律适用宣讲走进甘官屯镇",
     _p("甘官屯检察室联合镇商会，为辖区小微企业负责人讲解合同签订、劳动用工和知识产权保护方面的法律知识。",
        "宣讲结束后，检察官现场解答了企业负责人提出的二十余个问题。"),
     "甘官屯检察室为小微企业讲解合同、用工和知识产权法律知识。", ["小微企业", "法治宣传"], "", "guanxian"),
    (24, "case_interpretation", "以案释法：电信诈骗“刷单返利”骗局",
     _p("王某在网上看到“刷单返利”广告，先后转账三万余元后发现被骗。",
        "检察官提示：所有刷单都是诈骗，不轻信、不转账，遇到可疑情况及时拨打110报警。"),
     "所有刷单都是诈骗！不轻信、不转账，可疑情况及时报警。", ["反诈"], "", "guanxian"),
]  # fmt: skip

DIRTY = (
    "当事人张建国（电话13906358866）",
    "当事人张某",
)


def _at(now: dt.datetime, days_ago: int, hour: int = 10) -> dt.datetime:
    return (now - dt.timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0)


def _backdate(article: Article, at: dt.datetime) -> None:
    """The services wrote at the wall clock: move the article's history to `at`."""
    Article.objects.filter(pk=article.pk).update(
        created_at=at,
        updated_at=at + dt.timedelta(hours=6),
        published_at=at + dt.timedelta(hours=6) if article.published_at else None,
        lock_holder=None,
        lock_expires_at=None,
    )
    ArticleRevision.objects.filter(article=article).update(created_at=at)
    Finding.objects.filter(article=article).update(found_at=at)
    ReviewTask.objects.filter(article=article).update(
        decided_at=at + dt.timedelta(hours=4), due_at=at + dt.timedelta(days=1)
    )
    ArticleOutlet.objects.filter(article=article).update(updated_at=at + dt.timedelta(hours=6))
    AuditEntry.objects.filter(
        target_type="publishing.article", target_id=str(article.pk), at__gt=at
    ).update(at=at + dt.timedelta(hours=2))


def _review(article: Article, reviewer, head) -> Article:
    for actor in (reviewer, head):
        task = article.review_tasks.filter(state="open").first()
        if task is None:
            break
        article = review_decide(actor=actor, task=task, approve=True)
    article_outlets_deliver(article_id=article.pk)
    return article


def publishing_demo_create(*, tree: Tree, cast: Cast, now: dt.datetime) -> int:
    """Create the month of output; returns the number of articles."""
    first = {model: _max_pk(model) for model in (AuditEntry, Notification, OutboundMessage)}
    count = _create(tree=tree, cast=cast, now=now)
    _backdate_rest(first, now)
    return count


def _max_pk(model) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


def _backdate_rest(first: dict, now: dt.datetime) -> None:
    """What the services stamped with the wall clock and `_backdate` did not move (the
    digest's and newsletter's audit entries, messages and notifications) goes to the day
    before the demo's present."""
    day_before = _at(now, 1, 14)
    AuditEntry.objects.filter(pk__gt=first[AuditEntry], at__gt=now).update(at=day_before)
    Notification.objects.filter(pk__gt=first[Notification], created_at__gt=now).update(
        created_at=day_before
    )
    OutboundMessage.objects.filter(pk__gt=first[OutboundMessage], created_at__gt=now).update(
        created_at=day_before
    )


def _create(*, tree: Tree, cast: Cast, now: dt.datetime) -> int:
    SensitiveWord.objects.bulk_create(
        [SensitiveWord(word=w, category=c) for w, c in SENSITIVE_WORDS], ignore_conflicts=True
    )
    AllowedDomain.objects.bulk_create(
        [AllowedDomain(domain=d) for d in DOMAINS], ignore_conflicts=True
    )
    guanxian = tree.counties["guanxian"]
    offices = {"guanxian": guanxian, "linqing": tree.counties["linqing"], "city": tree.city}
    editors = {
        "guanxian": cast["guanxian_prosecutor"],
        "linqing": cast["city_editor"],
        "city": cast["city_editor"],
    }
    heads = {key: cast.of(office, Role.OFFICE_HEAD) for key, office in offices.items()}
    reviewer = cast["city_security"]
    food = Series.objects.create(
        office=guanxian, title="食品安全法律知识", description="法治宣传系列：舌尖上的安全"
    )
    published = []
    for days, kind, title, body, short, tags, series, key in ARTICLES:
        office = offices[key]
        article = article_create(
            actor=editors[key],
            office=office,
            data=ArticleInput(
                kind=kind,
                title=title,
                body_html=body,
                short_text=short,
                tags=tuple(tags),
                series=food if series == "food" else None,
            ),
        )
        article = article_submit(actor=editors[key], article=article)
        article = _review(article, reviewer, heads[key])
        _backdate(article, _at(now, 30 - days))
        published.append(article)

    # The issue's story: a party's name and phone stop the review; the fix passes.
    story = article_create(
        actor=editors["guanxian"],
        office=guanxian,
        data=ArticleInput(
            kind="case_interpretation",
            title="以案释法：邻里纠纷引发的故意伤害案",
            body_html=_p(
                f"{DIRTY[0]}与邻居因宅基地界线发生争执，继而动手，致邻居轻伤。",
                "检察机关审查后，促成双方达成刑事和解，依法作出不起诉决定。",
                "检察官提示：邻里纠纷应当依法解决，切莫冲动。",
            ),
            short_text="邻里纠纷切莫冲动，依法解决才是正道。",
            tags=("刑事和解",),
        ),
    )
    story = article_submit(actor=editors["guanxian"], article=story)
    fixed = story.body_html.replace(DIRTY[0], DIRTY[1])
    story = article_update(
        actor=editors["guanxian"],
        article=story,
        data=ArticleInput(
            kind=story.kind,
            title=story.title,
            body_html=fixed,
            short_text=story.short_text,
            tags=("刑事和解",),
        ),
        note="删除当事人姓名和电话",
    )
    story = _review(story, reviewer, heads["guanxian"])
    _backdate(story, _at(now, 3))
    published.append(story)

    # A draft held by the automated review, waiting for the security reviewer.
    held = article_create(
        actor=editors["guanxian"],
        office=guanxian,
        data=ArticleInput(
            kind="work_news",
            title="清水检察室走访辖区企业",
            body_html=_p(
                "清水检察室干警走访辖区五家企业，了解企业法律需求。",
                "走访中发放了《内部资料汇编》和法律服务联系卡。",
            ),
            short_text="清水检察室走访辖区企业，送法上门。",
        ),
    )
    held = article_submit(actor=editors["guanxian"], article=held)
    _backdate(held, _at(now, 1, 15))
    # One waiting for the head's approval (in 待我审核), one sent back with a reason.
    waiting = article_create(
        actor=editors["guanxian"],
        office=guanxian,
        data=ArticleInput(
            kind="legal_education",
            title="食品安全法律知识（四）：校园周边食品安全",
            body_html=_p("校园周边小卖部是食品安全监管的重点，家长要教育孩子不买“三无”食品。"),
            short_text="校园周边不买“三无”食品。",
            tags=("食品安全",),
            series=food,
        ),
    )
    waiting = article_submit(actor=editors["guanxian"], article=waiting)
    task = waiting.review_tasks.get(state="open")
    review_decide(actor=reviewer, task=task, approve=True)
    _backdate(waiting, _at(now, 0, 9))
    rejected = article_create(
        actor=editors["guanxian"],
        office=guanxian,
        data=ArticleInput(
            kind="work_news", title="冠县院召开党组会", body_html=_p("会议研究了近期工作。")
        ),
    )
    rejected = article_submit(actor=editors["guanxian"], article=rejected)
    review_decide(
        actor=reviewer,
        task=rejected.review_tasks.get(state="open"),
        approve=False,
        reason="内容过于简单，请补充会议研究的具体事项后再送审。",
    )
    _backdate(rejected, _at(now, 2, 11))

    # A finding waived with a reason: an office's public phone number in an announcement.
    notice = article_create(
        actor=editors["guanxian"],
        office=guanxian,
        data=ArticleInput(
            kind="announcement",
            title="冠县院12309检察服务中心服务时间调整公告",
            body_html=_p(
                "自12月1日起，冠县院12309检察服务中心服务时间调整为工作日8:30至17:30。",
                "咨询电话0635-5123456。",
            ),
            short_text="冠县院12309检察服务中心工作日8:30至17:30服务。",
        ),
    )
    notice = article_submit(actor=editors["guanxian"], article=notice)
    for finding in notice.findings.filter(status="open"):
        finding_waive(
            actor=reviewer, finding=finding, reason="本院对外公开的咨询电话，非个人信息。"
        )
    notice = finding_waived_continue(article=notice)
    notice = _review(notice, reviewer, heads["guanxian"])
    _backdate(notice, _at(now, 1, 10))
    published.append(notice)

    extra = _series_and_pending(cast, now, guanxian, editors, heads, reviewer, published)
    _digest(tree, cast, now, guanxian, published)
    _newsletter(tree, cast, now, published)
    return len(published) + 3 + extra


# Two more legal-education series the source report names (小微企业法律适用, 两委换届).
SERIES_ARTICLES = [
    (8, "sme", "小微企业法律适用（一）：签合同要注意的五件事",
     _p("签合同前要核实对方的主体资格，合同条款要写明标的、数量、质量、价款和履行期限。",
        "约定违约责任和争议解决方式，保留往来凭证，是小微企业防范风险的关键。"),
     "签合同前核实对方资格，写清条款，约定违约责任，保留凭证。", ["小微企业"]),
    (15, "sme", "小微企业法律适用（二）：劳动用工的法律底线",
     _p("用人单位自用工之日起即与劳动者建立劳动关系，应当在一个月内订立书面劳动合同。",
        "不按时足额支付工资、不依法缴纳社会保险，都可能承担法律责任。"),
     "用工一个月内签书面劳动合同，按时足额发工资、依法缴社保。", ["小微企业", "劳动用工"]),
    (19, "elections", "两委换届法律知识：破坏选举要担什么责任",
     _p("村（居）民委员会选举中，以暴力、威胁、欺骗、贿赂等手段破坏选举的，依法追究责任。",
        "构成犯罪的，依照刑法破坏选举罪定罪处罚。发现问题可向乡镇换届选举工作指导组反映。"),
     "两委换届中贿选、威胁、欺骗破坏选举的，依法追究责任。", ["两委换届"]),
]  # fmt: skip


def _series_and_pending(cast, now, guanxian, editors, heads, reviewer, published) -> int:
    """The series 小微企业法律适用 and 两委换届法律知识; one more item of the first, approved
    steps pending and scheduled for the day after tomorrow; a correction to a published
    article waiting for the security review. Returns how many articles it adds."""
    series = {
        "sme": Series.objects.create(
            office=guanxian, title="小微企业法律适用", description="法治宣传系列：为企业护航"
        ),
        "elections": Series.objects.create(
            office=guanxian, title="两委换届法律知识", description="法治宣传系列：依法换届"
        ),
    }
    editor, head = editors["guanxian"], heads["guanxian"]
    for days, key, title, body, short, tags in SERIES_ARTICLES:
        article = article_create(
            actor=editor,
            office=guanxian,
            data=ArticleInput(
                kind="legal_education",
                title=title,
                body_html=body,
                short_text=short,
                tags=tuple(tags),
                series=series[key],
            ),
        )
        article = _review(article_submit(actor=editor, article=article), reviewer, head)
        _backdate(article, _at(now, 30 - days))
        published.append(article)
    scheduled = article_create(
        actor=editor,
        office=guanxian,
        data=ArticleInput(
            kind="legal_education",
            title="小微企业法律适用（三）：守护好你的商标",
            body_html=_p("注册商标是企业的无形资产，被他人假冒的，可以向市场监管部门举报。"),
            short_text="注册商标被假冒，可向市场监管部门举报。",
            tags=("小微企业", "知识产权"),
            series=series["sme"],
            scheduled_at=now + dt.timedelta(days=2),
        ),
    )
    scheduled = article_submit(actor=editor, article=scheduled)
    review_decide(actor=reviewer, task=scheduled.review_tasks.get(state="open"), approve=True)
    _backdate(scheduled, _at(now, 0, 8))
    # A correction to the case release on farmland: the published version stays online
    # until the security reviewer and the head approve the corrected text.
    farmland = next(a for a in published if a.title.startswith("冠县院依法对一起非法占用农用地"))
    article_correct(
        actor=editor,
        article=farmland,
        data=ArticleInput(
            kind=farmland.kind,
            title=farmland.title,
            body_html=farmland.body_html.replace("厂房", "养殖场厂房"),
            short_text=farmland.short_text,
            tags=tuple(t.name for t in farmland.tags.all()),
        ),
        note="更正违法建设的用途",
    )
    ReviewTask.objects.filter(article=farmland, correction__isnull=False).update(
        due_at=now + dt.timedelta(days=1)
    )
    return len(SERIES_ARTICLES) + 1


def _digest(tree: Tree, cast: Cast, now: dt.datetime, guanxian, published) -> None:
    groups = {
        kind: SubscriberGroup.objects.create(office=guanxian, kind=kind, name=label)
        for kind, label in [
            (GroupKind.OFFICIALS, "机关干部"),
            (GroupKind.NPC, "人大代表"),
            (GroupKind.CPPCC, "政协委员"),
            (GroupKind.ENTERPRISE, "企业代表"),
            (GroupKind.VOLUNTEERS, "志愿者"),
            (GroupKind.PUBLIC, "社会公众"),
        ]
    }
    n = 0
    for kind, group in groups.items():
        for _i in range(8 if kind != GroupKind.PUBLIC else 20):
            n += 1
            subscriber_set(group=group, phone=f"1370635{n:04d}", active=True, method="staff")
    editor, head = cast["guanxian_prosecutor"], cast.of(guanxian, Role.OFFICE_HEAD)
    mine = [a for a in published if a.office_id == guanxian.pk][:4]
    issue = digest_create(
        actor=editor,
        office=guanxian,
        title="11月下半月",
        articles=mine,
        groups=[groups[GroupKind.NPC], groups[GroupKind.CPPCC], groups[GroupKind.PUBLIC]],
    )
    issue = digest_submit(actor=editor, issue=issue)
    reviewer = cast["city_security"]
    for actor in (reviewer, head):  # the same steps as an article: 保密审查, then the head
        issue = digest_decide(actor=actor, issue=issue, approve=True)
    digest_send(actor=head, issue=issue)
    DigestIssue.objects.filter(pk=issue.pk).update(
        created_at=_at(now, 2, 9), sent_at=_at(now, 1, 10)
    )
    IssueReviewTask.objects.filter(digest=issue).update(
        due_at=_at(now, 1, 9), decided_at=_at(now, 1, 9)
    )
    # The next issue: compiled, past the security review, waiting for the head's approval,
    # to be sent by the worker at its scheduled time (the head may move or cancel it).
    nxt = digest_create(
        actor=editor,
        office=guanxian,
        title="12月上半月",
        articles=mine[:3],
        groups=[groups[GroupKind.NPC], groups[GroupKind.ENTERPRISE]],
    )
    nxt = digest_submit(actor=editor, issue=nxt)
    digest_decide(actor=reviewer, issue=nxt, approve=True)
    DigestIssue.objects.filter(pk=nxt.pk).update(
        created_at=_at(now, 0, 9), scheduled_at=now + dt.timedelta(days=2)
    )
    IssueReviewTask.objects.filter(digest=nxt, state="approved").update(decided_at=_at(now, 0, 11))
    IssueReviewTask.objects.filter(digest=nxt, state="open").update(
        due_at=now + dt.timedelta(days=1)
    )


def _newsletter(tree: Tree, cast: Cast, now: dt.datetime, published) -> None:
    qingshui = tree.outposts["qingshui"]
    editor = cast["guanxian_prosecutor"]
    chosen = [a for a in published if a.office_id == tree.counties["guanxian"].pk][:5]
    issue = newsletter_create(
        actor=editor,
        office=qingshui,
        masthead="清水检察室报",
        issue_date=(now - dt.timedelta(days=1)).date(),
        articles=chosen,
    )
    # The proof is reviewed (保密审查, then the county head) before the PDF is released.
    issue = newsletter_submit(actor=editor, issue=issue)
    for actor in (cast["city_security"], cast.of(tree.counties["guanxian"], Role.OFFICE_HEAD)):
        issue = newsletter_decide(actor=actor, issue=issue, approve=True)
    NewsletterIssue.objects.filter(pk=issue.pk).update(
        created_at=_at(now, 1, 16), released_at=_at(now, 1, 18)
    )
    IssueReviewTask.objects.filter(newsletter=issue).update(
        due_at=_at(now, 0, 9), decided_at=_at(now, 1, 17)
    )
