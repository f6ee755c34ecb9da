"""Where search's time goes, and what would close the gaps: experiments, not the app.

It measured the search as it was before issue 9 (review/index/query.py, schema.py, store.py)
and patches those modules: run it from commit edc74df (`git archive edc74df`), not from here.

Run after search_bench.py on the same corpus (it reuses its database and Whoosh index). Each
experiment changes something *in this process only* (a patched function, a writer option, a
schema without one field) and measures the effect; the app's files are never changed.

  A. building documents: `documents_for` as it is, and with (1) one reused Markdown instance in
     `plain_text` and (2), if the app still compiles one pattern per acronym, one precompiled
     pattern in `expansions_in` -- checked to give the same documents;
  B. writing a fresh index from prebuilt documents (a sample): the writer as `store.rebuild`
     configures it, with `procs=2`, with `procs=2, multisegment=True`, and without the
     `spell` field;
  C. one query split into its parts: parsing (with its two SQL look-ups), matching and
     counting, the seven facet counts, the highlights, "did you mean"; and acronym queries
     without the query-time expansion (the documents' `expansions` field already has it);
  D. one save split into its parts: building the documents in `before_commit`, `store.write`
     (open, lock, searcher, update, commit with merging), and the same commit with
     `merge=False`; what the next search pays to see the change (reopen or refresh);
  E. the same sample indexed with facet fields Whoosh can count cheaply (single-valued facets
     `sortable=True`, multi-valued ones `vector=True`) and `spell` without positions, and the
     app's own `run()` timed against both indexes.

    python benchmarks/search_whatif.py --reviews 500 --sample 6000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_corpus import data_dir, make_app  # noqa: E402
from search_bench import dir_size_mb, log, query_mix, summary, time_saves  # noqa: E402
from whoosh import columns  # noqa: E402
from whoosh.fields import KEYWORD  # noqa: E402


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# ----------------------------------------------------------------------------- A. documents


def fast_helpers():
    """Drop-in versions of documents.plain_text and documents.expansions_in."""
    import markdown as md

    from review.index import documents

    converter = md.Markdown()

    def plain_text(markdown_text):
        if not markdown_text:
            return ""
        converter.reset()
        parser = documents._Text()
        parser.feed(converter.convert(markdown_text))
        return re.sub(r"[ \t]+", " ", "".join(parser.parts)).strip()

    cache: dict = {}

    def expansions_in(text, table):
        key = tuple((a, tuple(m)) for a, m in table.items())
        compiled = cache.get(key)
        if compiled is None:
            names = sorted(table, key=len, reverse=True)
            compiled = cache[key] = re.compile(
                r"(?<![\w&])(" + "|".join(re.escape(a) for a in names) + r")(?![\w&])"
            )
        present = set(compiled.findall(text))
        found = []
        lowered = text.lower()
        for acronym, meanings in table.items():
            if acronym in present:
                found.extend(meanings)
            if any(m.lower() in lowered for m in meanings):
                found.append(acronym)
                found.extend(meanings)
        return "\n".join(found)

    return plain_text, expansions_in


def sample_ids(app, sample: int, seed: int) -> tuple[list[int], list[int]]:
    from review.index.documents import all_keys

    with app.app_context():
        findings, kpes = all_keys()
    share = sample / (len(findings) + len(kpes))
    rng = random.Random(seed)
    return (
        sorted(rng.sample(findings, min(len(findings), round(len(findings) * share)))),
        sorted(rng.sample(kpes, min(len(kpes), round(len(kpes) * share)))),
    )


def build_docs(app, finding_ids, kpe_ids) -> tuple[list[dict], float]:
    from review.extensions import db
    from review.index.documents import documents_for

    docs, spent = [], 0.0
    with app.app_context():
        for ids, is_finding in ((finding_ids, True), (kpe_ids, False)):
            for start in range(0, len(ids), 200):
                chunk = set(ids[start : start + 200])
                t = time.perf_counter()
                docs.extend(
                    documents_for(chunk, set()) if is_finding else documents_for(set(), chunk)
                )
                db.session.expunge_all()
                spent += time.perf_counter() - t
        db.session.remove()
    return docs, spent


def experiment_documents(app, finding_ids, kpe_ids) -> tuple[dict, list[dict]]:
    from review.index import documents

    log(f"== A. documents_for on {len(finding_ids) + len(kpe_ids)} documents")
    docs, as_is = build_docs(app, finding_ids, kpe_ids)
    original = documents.plain_text, documents.expansions_in
    fast_plain, fast_expansions = fast_helpers()
    results = {"documents": len(docs), "as_is_s": round(as_is, 1)}
    variants = [("reused_markdown", (fast_plain, original[1]))]
    if not hasattr(documents, "_patterns"):  # the app still runs one regex per acronym
        variants.append(("plus_one_acronym_regex", (fast_plain, fast_expansions)))

    def comparable(doc: dict) -> dict:
        # the expansions' line order does not change what a search finds
        found = {k: v for k, v in doc.items() if k != "version"}
        found["expansions"] = sorted(found["expansions"].split("\n"))
        return found

    for label, patch in variants:
        documents.plain_text, documents.expansions_in = patch
        try:
            patched, spent = build_docs(app, finding_ids, kpe_ids)
        finally:
            documents.plain_text, documents.expansions_in = original
        same = all(comparable(a) == comparable(b) for a, b in zip(docs, patched, strict=True))
        results[f"{label}_s"] = round(spent, 1)
        results[f"{label}_identical"] = same
    log("  ", results)
    return results, docs


# ----------------------------------------------------------------------------- B. writing


def experiment_writing(docs: list[dict], scratch: Path) -> dict:
    from whoosh import index
    from whoosh.fields import TEXT

    from review.index.schema import make_schema

    variants = [
        ("as store.rebuild: limitmb=256", {"limitmb": 256}, False),
        ("procs=2, limitmb=128", {"procs": 2, "limitmb": 128}, False),
        (
            "procs=2, limitmb=128, multisegment=True",
            {"procs": 2, "limitmb": 128, "multisegment": True},
            False,
        ),
        ("spell=TEXT(phrase=False), limitmb=256", {"limitmb": 256}, "nopos"),
        ("no spell field, limitmb=256", {"limitmb": 256}, True),
        (
            "no spell field, procs=2, multisegment=True",
            {"procs": 2, "limitmb": 128, "multisegment": True},
            True,
        ),
    ]
    log(f"== B. writing {len(docs)} prebuilt documents into a fresh index")
    results = {}
    for label, options, no_spell in variants:
        target = scratch / "ix"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        schema = make_schema()
        if no_spell == "nopos":
            schema.remove("spell")
            schema.add("spell", TEXT(phrase=False))
            no_spell = False
        elif no_spell:
            schema.remove("spell")
        ix = index.create_in(target, schema)
        t = time.perf_counter()
        try:
            writer = ix.writer(**options)
            for d in docs:
                if no_spell:
                    d = {k: v for k, v in d.items() if k != "spell"}
                writer.add_document(**d)
            writer.commit()
            spent = time.perf_counter() - t
            with ix.searcher() as s:
                count = s.doc_count()
            results[label] = {
                "seconds": round(spent, 1),
                "docs_per_s": round(len(docs) / spent, 1),
                "index_mb": dir_size_mb(target),
                "documents": count,
                "segments": len(ix.reader().leaf_readers())
                if hasattr(ix.reader(), "leaf_readers")
                else 1,
            }
        except Exception as error:  # a variant that does not work is a result too
            results[label] = {"error": repr(error)}
        log("  ", label, results[label])
    shutil.rmtree(scratch / "ix", ignore_errors=True)
    return results


# ----------------------------------------------------------------------------- C. one query


def experiment_query(app, queries) -> dict:
    from whoosh import highlight, sorting
    from whoosh.query import And, Every, Term

    from review import search
    from review.extensions import db
    from review.index import store
    from review.index.documents import acronyms
    from review.index.query import FORMATTER, PAGE_SIZE, _highlights, clean, facet_filter, parse
    from review.index.schema import FACETS, MULTI_VALUED
    from review.models import User

    log(f"== C. {len(queries)} queries split into their parts")
    parts: dict[str, list[float]] = {
        k: []
        for k in (
            "parse+visibility (SQL)",
            "match+count",
            "7 facets",
            "highlights (10 hits)",
            "did you mean",
            "sum",
        )
    }
    per_facet: dict[str, list[float]] = {name: [] for name in FACETS}
    acronym_rows: list[tuple] = []
    with app.app_context():
        directory = store.index_dir()
        users = {"practitioner": db.session.get(User, 1), "board_member": db.session.get(User, 2)}
        s = store.searcher(directory)
        for warm in queries[:10]:
            search.search(warm.text, users[warm.user])
        for q in queries:
            user = users[q.user]
            t0 = time.perf_counter()
            messages: list[str] = []
            cleaned = clean(q.text, messages)
            query = parse(s.schema, cleaned, acronyms(), messages)
            visible = search._visible_filter(user)
            if q.doc_type:
                visible = And([visible, Term("doc_type", q.doc_type)])
            extra = facet_filter(q.facets)
            if extra is not None:
                query = And([query, extra]) if not isinstance(query, Every) else extra
            options = {"filter": visible}
            if q.sort == "date":
                options["sortedby"] = sorting.FieldFacet("sort_date", reverse=True)
            t1 = time.perf_counter()
            plain = s.search(query, limit=q.page * PAGE_SIZE, **options)
            total = len(plain)
            t2 = time.perf_counter()
            facets = {
                name: sorting.FieldFacet(f, allow_overlap=f in MULTI_VALUED, maptype=sorting.Count)
                for name, (f, _label) in FACETS.items()
            }
            grouped = s.search(query, limit=q.page * PAGE_SIZE, groupedby=facets, **options)
            for name in FACETS:
                grouped.groups(name)
            t3 = time.perf_counter()
            grouped.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
            grouped.formatter = FORMATTER
            for hit in grouped[(q.page - 1) * PAGE_SIZE : q.page * PAGE_SIZE]:
                _highlights(hit)
            t4 = time.perf_counter()
            if cleaned and total < 3:
                search._did_you_mean(s, cleaned, user)
            t5 = time.perf_counter()
            # each facet on its own (its extra cost over the plain search), on the first 40
            for name, (f, _label) in FACETS.items() if len(parts["sum"]) < 40 else ():
                one = {
                    name: sorting.FieldFacet(
                        f, allow_overlap=f in MULTI_VALUED, maptype=sorting.Count
                    )
                }
                ta = time.perf_counter()
                r = s.search(query, limit=q.page * PAGE_SIZE, groupedby=one, **options)
                r.groups(name)
                per_facet[name].append(max(0.0, time.perf_counter() - ta - (t2 - t1)))
            parts["parse+visibility (SQL)"].append(t1 - t0)
            parts["match+count"].append(t2 - t1)
            parts["7 facets"].append(max(0.0, (t3 - t2) - (t2 - t1)))
            parts["highlights (10 hits)"].append(t4 - t3)
            parts["did you mean"].append(t5 - t4)
            parts["sum"].append((t1 - t0) + (t3 - t2) + (t4 - t3) + (t5 - t4))
            if any(kind == "acronym" for kind, _t in q.tokens):
                # the documents already carry the expansions (the `expansions` field):
                # the same query without the query-time OR of phrases over four fields
                bare = parse(s.schema, cleaned, {}, [])
                if extra is not None:
                    bare = And([bare, extra])
                ta = time.perf_counter()
                found = s.search(bare, limit=q.page * PAGE_SIZE, **options)
                bare_total = len(found)
                acronym_rows.append((t2 - t1, time.perf_counter() - ta, total, bare_total))
        db.session.remove()
    results = {k: summary([x * 1000 for x in v]) for k, v in parts.items()}
    if acronym_rows:
        results["acronym queries: match+count as is"] = summary([r[0] * 1000 for r in acronym_rows])
        results["acronym queries: without query-time expansion"] = summary(
            [r[1] * 1000 for r in acronym_rows]
        )
        results["acronym queries: totals as is / without"] = [(r[2], r[3]) for r in acronym_rows]
    results["per_facet_extra"] = {k: summary([x * 1000 for x in v]) for k, v in per_facet.items()}
    for k, v in results.items():
        log("  ", k, v)
    return results


# ----------------------------------------------------------------------------- D. one save


def experiment_save(app, n: int, seed: int) -> dict:
    from whoosh import writing

    from review.index import hooks, store

    log(f"== D. {n} saves split into their parts")
    timings: dict[str, list[float]] = {
        "build_batch (before_commit)": [],
        "store.write": [],
        "SegmentWriter.commit": [],
        "documents written": [],
    }
    original_build, original_write = hooks.build_batch, store.write
    original_commit = writing.SegmentWriter.commit
    no_merge = {"on": False}
    captured: list = []

    def build_batch(session, changes):
        t = time.perf_counter()
        batch = original_build(session, changes)
        timings["build_batch (before_commit)"].append(time.perf_counter() - t)
        timings["documents written"].append(len(batch.docs))
        return batch

    def write(directory, batch, timeout):
        captured.append(batch)
        t = time.perf_counter()
        done = original_write(directory, batch, timeout)
        timings["store.write"].append(time.perf_counter() - t)
        return done

    def commit(self, *args, **kwargs):
        if no_merge["on"]:
            kwargs["merge"] = False
        t = time.perf_counter()
        done = original_commit(self, *args, **kwargs)
        timings["SegmentWriter.commit"].append(time.perf_counter() - t)
        return done

    hooks.build_batch, store.write, writing.SegmentWriter.commit = build_batch, write, commit
    results = {}
    try:
        for label, merge in (
            ("commit() as the app does (merges small segments)", True),
            ("commit(merge=False)", False),
        ):
            for v in timings.values():
                v.clear()
            no_merge["on"] = not merge
            saves, _after, ids = time_saves(app, n, seed + (0 if merge else 7))
            from search_bench import delete_findings

            no_merge["on"] = False
            delete_findings(app, ids)
            results[label] = {
                "save": summary(saves),
                **{
                    k: summary([x * 1000 for x in v[:n]])
                    if k != "documents written"
                    else summary(v[:n])
                    for k, v in timings.items()
                    if v
                },
            }
            log("  ", label, json.dumps(results[label]))
    finally:
        hooks.build_batch, store.write = original_build, original_write
        writing.SegmentWriter.commit = original_commit
    results["store.write step by step (replaying the saves' batches)"] = replay_writes(
        app, captured[:n]
    )
    return results


def replay_writes(app, batches) -> dict:
    """store.write's steps one by one, and what the next search pays to see the change."""
    from review import search
    from review.index import store

    steps: dict[str, list[float]] = {
        k: []
        for k in (
            "open_index",
            "ix.writer (lock)",
            "ix.searcher",
            "_apply (update_document)",
            "commit",
            "next search: reopen searcher (as store.searcher)",
            "next search: searcher.refresh()",
        )
    }
    with app.app_context():
        directory = store.index_dir()
        for batch in batches:
            old = store.open_index(directory).searcher()
            t0 = time.perf_counter()
            ix = store.open_index(directory)
            t1 = time.perf_counter()
            writer = ix.writer(timeout=10, delay=0.02)
            t2 = time.perf_counter()
            with ix.searcher() as s:
                t3 = time.perf_counter()
                store._apply(writer, s, batch)
                t4 = time.perf_counter()
            writer.commit()
            t5 = time.perf_counter()
            fresh = store.open_index(directory).searcher()
            t6 = time.perf_counter()
            refreshed = old.refresh()
            t7 = time.perf_counter()
            for k, v in zip(
                steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6), strict=True
            ):
                steps[k].append(v)
            fresh.close()
            for searcher in (refreshed, old):
                # refresh() may share (and close) the old readers
                with contextlib.suppress(Exception):
                    searcher.close()
        # the replayed batches re-added findings the experiment has deleted since: remove them
        from review.index.documents import all_keys

        existing = {f"finding:{i}" for i in all_keys()[0]}
        ghosts = {d["id"] for b in batches for d in b.docs if d["id"].startswith("finding:")}
        store.write(directory, store.Batch(delete_ids=ghosts - existing), 30.0)
        store.forget_searchers()
        missing, extra = search.check()
        if missing or extra:
            log(
                f"   index out of step after the replay: {len(missing)} missing, "
                f"{len(extra)} extra: run `search_bench.py` without --skip-reindex"
            )
    found = {k: summary([x * 1000 for x in v]) for k, v in steps.items() if v}
    for k, v in found.items():
        log("  ", k, v)
    return found


# ----------------------------------------------------------------------------- E. schema


class ListKeyword(KEYWORD):
    """A comma-separated KEYWORD field that also writes its values to a list column."""

    def __init__(self):
        super().__init__(stored=True, commas=True)
        self.column_type = columns.VarBytesListColumn()

    def to_column_value(self, value):
        return [v.strip().encode("utf-8") for v in value.split(",") if v.strip()]


def tuned_schema():
    """The app's schema with facet fields that Whoosh can count without rebuilding a map of
    every document on each search, and a spelling field without positions.

    Multi-valued facets get a list column. (`vector=True` would be the documented way, but
    whoosh3 3.54.0 raises a bare Exception, not the KeyError its OverlappingCategorizer
    catches, for a document whose field is empty, e.g. a KPE's themes.)"""
    from whoosh.fields import ID, TEXT

    from review.index.schema import make_schema

    schema = make_schema()
    for name in ("category_facet", "board_facet", "type_facet", "year_facet"):
        schema.remove(name)
        schema.add(name, ID(stored=True, sortable=True))
    for name in ("theme_facet", "level_facet", "agency_facet"):
        schema.remove(name)
        schema.add(name, ListKeyword())
    schema.remove("spell")
    schema.add("spell", TEXT(phrase=False))
    return schema


def experiment_schema(app, docs: list[dict], queries, scratch: Path) -> dict:
    """The same documents in two indexes, the app's own `run()` against each."""
    from whoosh import index
    from whoosh.query import And, Term

    from review import search
    from review.extensions import db
    from review.index.documents import acronyms
    from review.index.query import clean, parse, run
    from review.index.schema import make_schema
    from review.models import User

    log(f"== E. schema: {len(docs)} documents, app's run() for {len(queries)} queries")
    results = {}
    for label, schema in (("as is", make_schema()), ("tuned facets + spell", tuned_schema())):
        target = scratch / "schema"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        ix = index.create_in(target, schema)
        t = time.perf_counter()
        writer = ix.writer(limitmb=256)
        for d in docs:
            writer.add_document(**d)
        writer.commit()
        build_s = time.perf_counter() - t
        opens = []
        for _ in range(5):
            t = time.perf_counter()
            s = ix.searcher()
            opens.append(time.perf_counter() - t)
            s.close()
        s = ix.searcher()
        times, first = [], []
        with app.app_context():
            users = {
                "practitioner": db.session.get(User, 1),
                "board_member": db.session.get(User, 2),
            }
            table = acronyms()
            for rounds in range(2):  # first round warms the caches; the second is timed
                for q in queries:
                    t = time.perf_counter()
                    messages: list[str] = []
                    query = parse(s.schema, clean(q.text, messages), table, messages)
                    visible = search._visible_filter(users[q.user])
                    if q.doc_type:
                        visible = And([visible, Term("doc_type", q.doc_type)])
                    run(
                        s,
                        query,
                        visible=visible,
                        selected=q.facets,
                        page=q.page,
                        sort=q.sort,
                        messages=messages,
                    )
                    (first if rounds == 0 else times).append(time.perf_counter() - t)
            db.session.remove()
        s.close()
        results[label] = {
            "build_s": round(build_s, 1),
            "index_mb": dir_size_mb(target),
            "open_searcher_ms": summary([x * 1000 for x in opens]),
            "first_round_ms": summary([x * 1000 for x in first]),
            "query_ms": summary([x * 1000 for x in times]),
        }
        log("  ", label, json.dumps(results[label]))
    shutil.rmtree(scratch / "schema", ignore_errors=True)
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument(
        "--sample", type=int, default=15000, help="documents for experiments A and B"
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--only", default="A,B,C,D,E")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    directory = args.dir or data_dir(args.reviews)
    if not (directory / "corpus.sqlite").exists() or not (directory / "whoosh").exists():
        sys.exit(f"run search_bench.py --reviews {args.reviews} first ({directory})")
    app = make_app(directory, index=True)
    only = set(args.only.split(","))
    results: dict = {"load_before": os.getloadavg()}
    queries = query_mix(app, args.seed, args.queries)[0]
    if only & {"A", "B", "E"}:
        finding_ids, kpe_ids = sample_ids(app, args.sample, args.seed)
        results["A_documents"], docs = experiment_documents(app, finding_ids, kpe_ids)
        if "B" in only:
            results["B_writing"] = experiment_writing(docs, directory / "whatif")
        if "E" in only:
            results["E_schema"] = experiment_schema(app, docs, queries, directory / "whatif")
        del docs
    if "C" in only:
        results["C_query"] = experiment_query(app, queries)
    if "D" in only:
        results["D_save"] = experiment_save(app, args.saves, args.seed)
    results["load_after"] = os.getloadavg()
    out = directory / "whatif.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"\nresults in {out}")


if __name__ == "__main__":
    main()
