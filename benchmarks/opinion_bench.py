"""Public-opinion pipeline benchmark: 200,000 generated posts (10 % reposts) through the
whole pipeline (normalise → near-duplicates → relevance → sentiment → severity → events →
bursts), with one and with two worker processes.

    .venv/bin/python benchmarks/opinion_bench.py [--posts 200000] [--workers 1 2]

How the work divides: the stateless part of each post (normalising, relevance, sentiment,
severity cues: `Analyzer.prepare`) runs in the worker processes, in batches; the ordered
part (the near-duplicate index, repost chains, events, bursts: `Analyzer.merge`) runs in
one process as the batches come back, in order. Prints posts/s overall and per worker
process, the peak memory of the largest process, and the delay from ingest to alert of a
major post injected into a running stream (measured on the live pipeline: from the moment
the post is handed to the pool, after the stream, until its merged result says `major`;
the worker's database round trips come on top).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eqiao.opinion.pipeline import Analyzer, Post  # noqa: E402

BATCH = 500
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
MAJOR = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"


# Common characters, for the writer's own words around the topic (real posts share a topic,
# not most of their text).
COMMON = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"


def _words(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(COMMON) for _ in range(n))


def generate(n: int, seed: int = 2026) -> list[Post]:
    rng = random.Random(seed)
    start = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    posts: list[Post] = []
    for i in range(n):
        at = start + dt.timedelta(seconds=i * 3)
        source = rng.choice(["weibo", "news", "forum", "wechat"])
        if posts and rng.random() < 0.10:
            original = posts[rng.randrange(max(0, len(posts) - 2000), len(posts))]
            text = f"{rng.choice(['转发微博', '太过分了', '说得对', '关注'])}//@{rng.choice(NAMES)}: {original.text}"
        elif rng.random() < 0.5:
            text = (
                f"{_words(rng, rng.randrange(5, 30))}{rng.choice(OFFICES)}的{rng.choice(SUBJECTS)}，"
                f"{rng.choice(MOODS)}。{_words(rng, rng.randrange(5, 40))}"
            )
        else:
            text = f"{rng.choice(NOISE)}，{_words(rng, rng.randrange(10, 60))}"
        posts.append(Post(f"p{i}", source, text, at))
    return posts


_worker: Analyzer | None = None


def _init() -> None:
    global _worker
    _worker = Analyzer(judge_irrelevant=False)  # as the worker runs it
    _worker.prepare(Post("warm", "x", "冠县检察院给力"))  # load models before timing


def _prepare(batch: list[Post]):
    assert _worker is not None
    return [_worker.prepare(p) for p in batch]


def run(posts: list[Post], workers: int) -> dict:
    merger = Analyzer()
    batches = [posts[i : i + BATCH] for i in range(0, len(posts), BATCH)]
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init) as pool:
        pool.map(_prepare, [[Post("w", "x", "冠县检察院给力")]] * workers)  # warm every worker
        started = time.perf_counter()
        count = 0
        majors = 0
        for prepared in pool.imap(_prepare, batches, chunksize=1):
            for item in prepared:
                result = merger.merge(item)
                count += 1
                majors += result.severity == "major"
        elapsed = time.perf_counter() - started
        # A major post arriving at the running pipeline (its state holds the whole stream):
        # from being handed to a worker until its merged result says `major`.
        injected = Post("injected-major", "weibo", MAJOR, posts[-1].posted_at)
        handed = time.perf_counter()
        (item,) = pool.apply(_prepare, ([injected],))
        result = merger.merge(item)
        delay = time.perf_counter() - handed if result.severity == "major" else float("nan")
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "workers": workers,
        "posts": count,
        "seconds": elapsed,
        "rate": count / elapsed,
        "per_worker": count / elapsed / workers,
        "delay": delay,
        "peak_mb": max(peak_children, peak_self),
        "dups": sum(merger.reach.values()),
        "majors": majors,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    t0 = time.perf_counter()
    posts = generate(args.posts)
    print(f"generated {len(posts):,} posts in {time.perf_counter() - t0:.1f} s")
    for workers in args.workers:
        r = run(posts, workers)
        print(
            f"{r['workers']} worker process(es): {r['posts']:,} posts in {r['seconds']:.1f} s = "
            f"{r['rate']:,.0f} posts/s ({r['per_worker']:,.0f} per worker process); "
            f"reposts merged {r['dups']:,}; major {r['majors']:,}; "
            f"ingest→alert of the injected major post {r['delay'] * 1000:.0f} ms; "
            f"peak memory {r['peak_mb']:,.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
