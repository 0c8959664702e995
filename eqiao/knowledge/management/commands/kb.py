"""`eqiao kb …`: the knowledge base from the console.

eqiao kb load_criminal_law            load (or reload) the Criminal Law and the starter set
eqiao kb search "问题" --top 5 --json  ranked articles: law, article, crime names, score
eqiao kb import 文件.txt|.docx --code civil_code --title 中华人民共和国民法典 [--dry-run]
eqiao kb evaluate [--set dev|sealed_s1]  hit rates on a labelled question set
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eqiao.core.errors import ApplicationError


class Command(BaseCommand):
    help = "法律知识库：加载刑法、搜索、导入法律、评估命中率。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load_criminal_law", help="加载刑法及自带的问答和口语词")
        s = sub.add_parser("search", help="搜索")
        s.add_argument("question")
        s.add_argument("--top", type=int, default=5)
        s.add_argument("--json", action="store_true")
        i = sub.add_parser("import", help="从 .txt 或 .docx 导入法律")
        i.add_argument("file")
        i.add_argument("--code", required=True)
        i.add_argument("--title", required=True)
        i.add_argument("--short-name", default="")
        i.add_argument(
            "--dry-run", action="store_true", help="只预览：找到哪些条文、与已导入的有何不同"
        )
        e = sub.add_parser("evaluate", help="在标注问题集上评估")
        e.add_argument("--set", default="dev", choices=["dev", "sealed_s1"])

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "_" + action)(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _load_criminal_law(self, **options):
        from eqiao.knowledge.services.faqs import starter_load
        from eqiao.knowledge.services.laws import criminal_law_load

        result = criminal_law_load()
        terms, faqs = starter_load()
        self.stdout.write(
            f"{result.law.title}: {result.articles} articles; {terms} vocabulary terms and "
            f"{faqs} FAQ entries added"
        )

    def _search(self, *, question: str, top: int, json: bool, **options):
        from eqiao.knowledge.selectors import knowledge_search

        if top < 1 or top > 50:
            raise CommandError("--top must be between 1 and 50")
        result = knowledge_search(question, top=top)
        rows = [
            {
                "law": r.article.law.title,
                "article": r.article.key,
                "label": r.article.label,
                "crime_names": r.article.crime_names,
                "heading": r.article.heading,
                "place": r.article.place,
                "score": round(r.score, 3),
                "matched": r.terms,
            }
            for r in result.articles
        ]
        faqs = [
            {"id": f.faq.pk, "question": f.faq.question, "score": round(f.score, 3)}
            for f in result.faqs
        ]
        if json:
            import json as json_module

            self.stdout.write(
                json_module.dumps(
                    {
                        "query": result.query,
                        "confidence": result.confidence,
                        "results": rows,
                        "faqs": faqs,
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
            return
        self.stdout.write(f"confidence {result.confidence:.2f}")
        for n, row in enumerate(rows, 1):
            names = "、".join(row["crime_names"]) or row["heading"]
            self.stdout.write(
                f"{n}. {row['law']} {row['label']} ({row['article']}) {names}  {row['score']}"
            )
        for f in faqs:
            self.stdout.write(f"   FAQ {f['id']}: {f['question']}  {f['score']}")

    def _import(
        self, *, file: str, code: str, title: str, short_name: str, dry_run: bool, **options
    ):
        from eqiao.knowledge.services.laws import law_import, law_import_preview, text_of_upload

        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        text = text_of_upload(name=path.name, data=path.read_bytes())
        if dry_run:
            self._preview(law_import_preview(code=code, title=title, text=text))
            return
        result = law_import(
            code=code, title=title, short_name=short_name, text=text, source=path.name
        )
        self.stdout.write(f"{result.law.title}: {result.articles} articles")

    def _preview(self, preview) -> None:
        write = self.stdout.write
        write(f"{preview.articles} articles found; nothing stored (--dry-run)")
        if preview.replaces:
            write(
                f"against the stored law: {len(preview.added)} new, {len(preview.changed)} "
                f"changed, {len(preview.removed)} removed, {preview.unchanged} unchanged"
            )
            for name, labels in (("changed", preview.changed), ("removed", preview.removed)):
                if labels:
                    write(f"  {name}: {'、'.join(labels)}")
        if preview.gaps:
            write(f"numbering gaps: {'、'.join(preview.gaps)}")
        if preview.long_articles:
            write(f"suspiciously long: {'、'.join(preview.long_articles)}")
        for record in preview.records[:10]:
            write(f"  {record.label} {record.heading} {record.text[:40]}")

    def _evaluate(self, *, set: str, **options):
        from eqiao.knowledge.evaluation import DEV_SET, SEALED_S1, evaluate, questions
        from eqiao.knowledge.selectors import knowledge_search

        path = DEV_SET if set == "dev" else SEALED_S1
        figures = evaluate(
            lambda q: [r.article.key for r in knowledge_search(q, top=3).articles], questions(path)
        )
        self.stdout.write(figures.line())
        for m in figures.misses:
            self.stdout.write(json.dumps(m, ensure_ascii=False))
