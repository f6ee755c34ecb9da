"""The judged relevance set (benchmarks/relevance/) must not get worse than the level reached,
on either search engine."""

import importlib.util
from pathlib import Path

import pytest

from review.index.engine_whoosh import background

EVALUATE = Path(__file__).resolve().parents[1] / "benchmarks" / "relevance" / "evaluate.py"
#: reached on 27 November 2026 (benchmarks/README.md)
FLOOR = {
    # Whoosh: MRR 0.979, recall@10 0.828, nDCG@10 0.862
    "whoosh": {"mrr": 0.97, "recall@10": 0.82, "ndcg@10": 0.85},
    # PostgreSQL: MRR 0.993, recall@10 0.846, nDCG@10 0.870
    "postgresql": {"mrr": 0.98, "recall@10": 0.84, "ndcg@10": 0.86},
}


def _evaluate():
    spec = importlib.util.spec_from_file_location("relevance_evaluate", EVALUATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("backend", ["whoosh", "postgresql"])
def test_relevance_does_not_drop(request, tmp_path, backend):
    evaluate = _evaluate()
    database = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    app, keys, reader_id = evaluate.build(tmp_path, backend=backend, database=database)
    try:
        result = evaluate.measure(app, keys, reader_id)
    finally:
        background.shutdown(app)
        from review.extensions import db

        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    assert result["queries"] >= 40 and len(keys) >= 150
    assert result["empty"] == []  # no query with relevant findings returns nothing
    for measure, floor in FLOOR[backend].items():
        assert result[measure] >= floor, (measure, result[measure])
