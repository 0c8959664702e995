"""Search tokens against a real SQLite FTS5 table, and PostgreSQL when one is configured."""

from __future__ import annotations

import os
import sqlite3

import pytest

from eqiao.text.search import fts5_match, search_query, search_tokens, tsquery

DOCS = {
    1: "冠县人民检察院派驻清水检察室的工作人员接待来访群众，解答法律咨询。",
    2: "临清市人民检察院的工作报告：去年共受理群众控告、申诉一百二十件。",
    3: "交通事故赔偿纠纷中，受害人可以依法申请司法救助。",
    4: "农民工被拖欠工资，可以向人社部门的监察机构投诉，也可以向检察院申请支持起诉。",
    5: "WiFi密码：EQiao2015，预约阅卷请提前3个工作日，电话0635-1234567。",
    6: "《中华人民共和国刑事诉讼法》第三十六条规定了辩护人的权利。",
    7: "聊城市東昌府區檢察院召開新聞發布會。",
    8: "Café 与 naïve 的法语拼写。",
}


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE doc USING fts5(body)")  # default tokenizer: unicode61
    db.executemany(
        "INSERT INTO doc(rowid, body) VALUES (?, ?)",
        [(i, search_tokens(text)) for i, text in DOCS.items()],
    )
    db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(doc, 'instance')")
    return db


def _search(db: sqlite3.Connection, query: str) -> set[int]:
    tokens = search_query(query)
    if not tokens:
        return set()
    sql = "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc)"
    return {row[0] for row in db.execute(sql, (fts5_match(tokens),))}


QUERIES = [
    ("检察室", {1}),
    ("察室", {1}),  # part of a word
    ("派驻检察室", {1}),
    ("检察院工作", {1, 2}),  # the words are apart in both documents
    ("人民检察院", {1, 2}),
    ("司法救助", {3}),
    ("拖欠工资怎么办", {4}),
    ("東昌府區", {7}),  # Traditional query, Traditional document
    ("东昌府区检察院", {7}),  # Simplified query finds the Traditional document
    ("wifi", {5}),
    ("ＥＱＩＡＯ２０１５", {5}),  # full width, upper case
    ("0635", {5}),
    ("刑事诉讼法第三十六条", {6}),
    ("cafe", {8}),
    ("naïve", {8}),
    ("交通事故 工资", set()),  # both words required
    ("离婚财产分割", set()),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_chinese_queries_find_the_right_documents(fts, query, expected):
    assert _search(fts, query) == expected


@pytest.mark.parametrize(
    "query", ['" OR 1', "NEAR(检察 院)", "检察* AND -院", "''; DROP", "！！", ""]
)
def test_operators_and_punctuation_in_queries_are_harmless(fts, query):
    _search(fts, query)  # no sqlite3.OperationalError from FTS5 syntax


def test_fts5_stores_exactly_our_tokens(fts):
    """unicode61 neither splits nor changes a token: what we index is what it indexes."""
    for rowid, text in DOCS.items():
        stored = [
            term
            for (term,) in fts.execute(
                "SELECT term FROM vocab WHERE doc = ? ORDER BY offset", (rowid,)
            )
        ]
        assert stored == search_tokens(text).split()


def test_tokens_are_letters_and_digits_only():
    tokens = search_tokens("检察长王学军（左）说：“3.5%的人_满意！” e-mail: a@b.cn $100 😀").split()
    assert all(t.isalnum() and t == t.lower() for t in tokens)
    assert "3" in tokens and "5" in tokens and "100" in tokens
    assert {"检察", "察长", "检", "满意"} <= set(tokens)


def test_query_drops_particles_but_not_everything():
    assert "的" not in search_query("检察院的电话")
    assert search_query("是的") != []


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL is tested when DATABASE_URL points at one (the CI's second pass)",
)
def test_postgresql_simple_config_reads_the_same_tokens_and_finds_the_same():
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres") as conn:
        conn.execute("CREATE TEMP TABLE doc (id int, body tsvector)")
        for rowid, text in DOCS.items():
            tokens = search_tokens(text)
            conn.execute("INSERT INTO doc VALUES (%s, to_tsvector('simple', %s))", (rowid, tokens))
            (lexemes,) = conn.execute(
                "SELECT array(SELECT lexeme FROM unnest(to_tsvector('simple', %s)))", (tokens,)
            ).fetchone()
            assert sorted(lexemes) == sorted(set(tokens.split())), rowid
        for query, expected in QUERIES:
            found = conn.execute(
                "SELECT id FROM doc WHERE body @@ to_tsquery('simple', %s)",
                (tsquery(search_query(query)),),
            ).fetchall()
            assert {row[0] for row in found} == expected, query


def test_any_token_mode_ranks_the_best_answer_first(fts):
    """Citizens' questions: any token may match, bm25 puts the most relevant first."""
    match = fts5_match(search_query("交通事故的受害人能不能申请救助？"), require_all=False)
    sql = "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc)"
    ranked = [row[0] for row in fts.execute(sql, (match,))]
    assert ranked[0] == 3
    assert tsquery(["交通", "事故"], require_all=False) == "'交通' | '事故'"
