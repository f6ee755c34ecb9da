"""Bounded input: request size, text length, ids, control characters, and hostile import files."""

import json

import pytest
from sqlalchemy import String, func, select
from wtforms import StringField
from wtforms.validators import Length

from review import forms  # noqa: F401  (the form modules register their subclasses)
from review.crud import KINDS
from review.extensions import db
from review.forms import admin, board, casegroup, chronology, episodes, findings, protected, reviews  # noqa: F401  # noqa: F401
from review.forms import auth as auth_forms  # noqa: F401
from review.forms.base import BoundedForm
from review.limits import MARKDOWN_MAX
from review.models import Finding, KeyPracticeEpisode, Review
from review.transfer import reading
from review.transfer.importer import ImportFailed, import_reviews


@pytest.fixture
def lead(client, auth, world):
    auth.login("lead")
    return world


def _all_forms(cls=BoundedForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_forms(sub)


def _max_length(field) -> int | None:
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max >= 0]
    return min(limits) if limits else None


def test_every_text_field_of_every_form_has_a_length_limit(app):
    with app.test_request_context():
        unbounded = []
        for form_class in set(_all_forms()):
            try:
                form = form_class()
            except TypeError:  # forms bound to a review
                form = form_class(None)
            for field in form:
                if isinstance(field, StringField) and field.type != "HiddenField":
                    limit = _max_length(field)
                    if limit is None or limit > MARKDOWN_MAX:
                        unbounded.append(f"{form_class.__name__}.{field.name}")
        assert not unbounded, unbounded


def test_every_form_of_the_app_refuses_control_characters():
    """Every form is a BoundedForm: none escapes the control-character and length checks."""
    from flask_wtf import FlaskForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(FlaskForm) if c.__module__.startswith("review.")]
    assert len(ours) > 10
    assert [c.__name__ for c in ours if not issubclass(c, BoundedForm)] == []


def test_form_limits_fit_the_database_columns(app):
    with app.test_request_context():
        too_long = []
        assert len(KINDS) >= 9
        for name, kind in KINDS.items():
            columns = kind.model.__table__.columns
            for field in kind.form():
                column = columns.get(field.name)
                if not isinstance(field, StringField) or column is None:
                    continue  # choices (select fields) are checked against their list
                if not isinstance(column.type, String) or not column.type.length:
                    continue
                limit = _max_length(field)
                if limit is None or limit > column.type.length:
                    too_long.append(f"{name}.{field.name}: {limit} > {column.type.length}")
        assert not too_long, too_long


def test_markdown_over_50000_characters_is_refused_and_kept(client, app, lead):
    huge = "word " * 10_001  # 50,005 characters
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new", data={"title": "Long", "what_happened": huge}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Shorten this to at most 50000 characters (it has 50005)." in body
    assert huge.strip() in body  # kept, to be shortened
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeyPracticeEpisode)) == 0


def test_a_request_over_the_limit_is_413_with_a_clear_page(client, app, lead):
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_FORM_MEMORY_SIZE"] = 100_000
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new",
        data={"title": "Huge", "what_happened": "x" * 200_000},
    )
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "Too much to send" in body and "nothing was saved" in body
    assert "still in the form" in body


def test_the_default_limit_takes_a_full_form_but_not_20_megabytes(client, app, lead):
    fields = ("what_happened", "appraisal", "explanation", "how_normal", "hindsight_guard")
    full = {"title": "Full", **{name: "é" * MARKDOWN_MAX for name in fields}}
    assert client.post(f"/reviews/{lead.draft}/episodes/new", data=full).status_code == 302
    twenty = {"title": "Huge", "what_happened": "x" * 20_000_000}
    assert client.post(f"/reviews/{lead.draft}/episodes/new", data=twenty).status_code == 413


@pytest.mark.parametrize(
    "path",
    ["/reviews/9223372036854775808", "/reviews/2147483648", "/reviews/99999999999999999999/kpes",
     "/reviews/1/episodes/9223372036854775808/edit"],
)  # fmt: skip
def test_ids_beyond_the_integer_range_are_404(client, lead, path):
    assert client.get(path).status_code == 404


def test_a_huge_id_in_a_form_is_404_not_500(client, app, lead):
    with app.app_context():
        review = db.session.get(Review, lead.draft)
        review.findings.append(Finding(statement="A finding"))
        db.session.commit()
        finding = review.findings[0].id
    response = client.post(
        f"/reviews/{lead.draft}/findings/{finding}/cite", data={"source_id": "9" * 30}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused_with_a_message(client, app, lead, character):
    typed = f"Seen at home{character} on Tuesday"
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new", data={"title": "Visit", "what_happened": typed}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"control character (U+{ord(character):04X}) at position 13" in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeyPracticeEpisode)) == 0


def test_tabs_and_newlines_are_kept(client, app, lead):
    text = "Line one\r\n\tindented line two"
    response = client.post(
        f"/reviews/{lead.draft}/episodes/new", data={"title": "Tabs", "what_happened": text}
    )
    assert response.status_code == 302


# ------------------------------------------------------------------------------- import files


def _document(**review) -> dict:
    base = {"board": {"name": "Northbridge"}, "title": "Child Z: imported", "status": "draft"}
    return {"version": 1, "reviews": [{**base, **review}]}


def _refused(raw: bytes | str) -> list[str]:
    with pytest.raises(reading.UnreadableFile) as refused:
        reading.parse(raw.encode() if isinstance(raw, str) else raw, max_bytes=10_000_000)
    return refused.value.errors


def test_duplicate_keys_are_refused_naming_record_and_field():
    raw = (
        '{"version": 1, "reviews": [{"board": {"name": "B"}, "title": "Child Q: dup",'
        ' "status": "draft", "status": "published"}]}'
    )
    assert _refused(raw) == [
        'reviews[0] ("Child Q: dup") → status: given twice in the same record; give each field once'
    ]


def test_deep_nesting_is_refused_without_recursing():
    errors = _refused("[" * 200_000 + "]" * 200_000)
    assert "nest more than 12 deep" in errors[0]


def test_lone_surrogates_and_control_characters_are_named():
    raw = json.dumps(_document(summary="a\ud800b", limitations="x\u0000y"))
    errors = _refused(raw)
    assert any("→ summary: has a lone surrogate (\\ud800) at character 2" in e for e in errors)
    assert any(
        "→ limitations: has a control character (U+0000) at character 2" in e for e in errors
    )


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(reading.UnreadableFile) as refused:
        reading.parse(b" " * 2_000, max_bytes=1_000)
    assert "at most 1,000 are accepted" in refused.value.errors[0]


def test_the_schema_bounds_texts_and_lists(app):
    with app.app_context():
        with pytest.raises(ImportFailed) as failed:
            import_reviews(_document(summary="x" * (MARKDOWN_MAX + 1)))
        assert "summary: is 50001 characters long; at most 50000 fit" in failed.value.errors[0]
        many = [{"statement": f"Finding {n}"} for n in range(100_000)]
        with pytest.raises(ImportFailed) as failed:
            import_reviews(_document(findings=many))
        assert "findings: has 100000 entries; at most 200 fit" in failed.value.errors[0]


def test_import_command_refuses_hostile_files_without_a_traceback(app, runner, tmp_path):
    cases = {
        "dup.json": '{"version": 1, "version": 1, "reviews": []}',
        "deep.json": "[" * 100_000,
        "surrogate.json": json.dumps(_document(title="Child \ud800")),
        "nul.json": json.dumps(_document(summary="\u0000")),
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        result = runner.invoke(args=["import-reviews", str(path)])
        assert result.exit_code == 1, (name, result.output)
        assert "Nothing was imported" in result.output and "Traceback" not in result.output
    app.config["IMPORT_MAX_BYTES"] = 10
    result = runner.invoke(args=["import-reviews", str(tmp_path / "dup.json")])
    assert "at most 10 are accepted" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Review)) == 0
