"""The judged relevance set (benchmarks/relevance/) must not get worse than the level reached."""

import importlib.util
from pathlib import Path

from review.index.engine_whoosh import background

EVALUATE = Path(__file__).resolve().parents[1] / "benchmarks" / "relevance" / "evaluate.py"
#: reached on 27 November 2026 (benchmarks/README.md): MRR 0.979, recall@10 0.828, nDCG@10 0.862
FLOOR = {"mrr": 0.97, "recall@10": 0.82, "ndcg@10": 0.85}


def _evaluate():
    spec = importlib.util.spec_from_file_location("relevance_evaluate", EVALUATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_relevance_does_not_drop(tmp_path):
    evaluate = _evaluate()
    app, keys, reader_id = evaluate.build(tmp_path)
    try:
        result = evaluate.measure(app, keys, reader_id)
    finally:
        background.shutdown(app)
        from review.extensions import db

        with app.app_context():
            db.engine.dispose()
    assert result["queries"] >= 40 and len(keys) >= 150
    assert result["empty"] == []  # no query with relevant findings returns nothing
    for measure, floor in FLOOR.items():
        assert result[measure] >= floor, (measure, result[measure])
