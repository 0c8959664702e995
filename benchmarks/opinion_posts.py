"""The posts `opinion_bench.py` pushes through the pipeline: generated, about 10 % of them
reposts of one of the last 2,000 posts, the rest about an office (a subject, a mood) or
about other things of the region, three seconds apart; and the major posts injected to
time the alert."""

from __future__ import annotations

import datetime as dt
import random

OFFICES = [
    "冠县检察院",
    "临清市检察院",
    "莘县检察院",
    "阳谷县检察院",
    "东阿县检察院",
    "高唐县检察院",
    "茌平区检察院",
    "东昌府区检察院",
    "聊城市检察院",
]
SUBJECTS = [
    "申诉材料",
    "12309热线",
    "司法救助",
    "公益诉讼",
    "听证会",
    "信访回复",
    "不起诉决定",
    "检察开放日",
    "窗口服务",
    "案件进度",
]
MOODS = [
    "办得真快，点赞",
    "三个月了没人理",
    "电话一直没人接",
    "态度挺好的",
    "今天开了听证会",
    "希望早点有结果",
    "太让人失望了",
    "辛苦了，谢谢",
]
NOISE = [
    "今天东昌湖风好大",
    "阳谷景阳冈的烧饼真香",
    "《人民的名义》又重温了一遍",
    "临清的轴承厂招工了",
    "东阿阿胶涨价了",
    "冠县灵芝节开幕",
    "菏泽检察院发布典型案例",
    "聊城公安提醒雨天慢行",
]
NAMES = ["张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十"]
# Injected major posts: each about another matter (each opens its own event and alert).
MAJORS = [
    "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！",
    "临清市检察院刘洪涛包庇肇事的老板，我们村几十户明天一起去检察院门口讨说法",
    "莘县检察院王建国收了被告家属好处，硬把案子压着不起诉，求扩散",
    "阳谷县检察院赵明辉徇私枉法，我爸蒙冤三年，家里老人不想活了",
    "东阿县检察院孙海波收受贿赂，冤案不平反，大家帮忙转",
]
SOURCES = ["weibo", "news", "forum", "wechat"]

# Common characters, for the writer's own words around the topic (real posts share a topic,
# not most of their text).
COMMON = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"


def _words(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(COMMON) for _ in range(n))


def generate(n: int, seed: int = 2026) -> list[tuple[str, str, str, dt.datetime]]:
    """(id, source, text, posted_at) of n posts, about 10 % of them reposts."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    posts: list[tuple[str, str, str, dt.datetime]] = []
    for i in range(n):
        at = start + dt.timedelta(seconds=i * 3)
        source = rng.choice(SOURCES)
        if posts and rng.random() < 0.10:
            original = posts[rng.randrange(max(0, len(posts) - 2000), len(posts))][2]
            comment = rng.choice(["转发微博", "太过分了", "说得对", "关注"])
            text = f"{comment}//@{rng.choice(NAMES)}: {original}"
        elif rng.random() < 0.5:
            text = (
                f"{_words(rng, rng.randrange(5, 30))}{rng.choice(OFFICES)}的{rng.choice(SUBJECTS)}，"
                f"{rng.choice(MOODS)}。{_words(rng, rng.randrange(5, 40))}"
            )
        else:
            text = f"{rng.choice(NOISE)}，{_words(rng, rng.randrange(10, 60))}"
        posts.append((f"p{i}", source, text, at))
    return posts
