"""Importing and exporting reviews as JSON: the format, round trips, errors, idempotence."""

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from review.demo import load_demo
from review.extensions import db
from review.models import (
    Board,
    Finding,
    KeyPracticeEpisode,
    ProtectedTerm,
    Review,
    ReviewStatus,
    Role,
    TeamRole,
    User,
)
from review.taxonomy import load_taxonomies
from review.transfer import (
    ImportFailed,
    export_reviews,
    import_reviews,
    reviews_for_export,
    schema_errors,
)
from review.transfer import importer as importer_module

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "example-import.json"
BOARD = "Westhaven Safeguarding Children Partnership"


def example() -> dict:
    return json.loads(EXAMPLE.read_text("utf-8"))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def write(tmp_path: Path, data, name="reviews.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    return str(path)


def generated_document(reviews: int, findings: int = 5, board: str = "Generated Board") -> dict:
    """Invented reviews in bulk: `findings` findings, three KPEs with two factors each."""
    themes = ["neglect", "rule_of_optimism", "silo_working", "the_child_s_voice"]
    categories = ["mawi_crisis", "mawi_assessment", "human_reasoning", "family_professional"]
    items = []
    for r in range(reviews):
        items.append(
            {
                "board": {"name": board, "kind": "scp"},
                "title": f"Child G{r}: a generated review",
                "review_type": "lt_short",
                "status": "published",
                "published_on": f"{2015 + r % 10}-06-01",
                "subject_pseudonym": f"Child G{r}",
                "period": {"start": "2014-01-01", "end": "2014-12-31"},
                "summary": "An invented summary. " * 20,
                "research_questions": ["An invented question?", "Another invented question?"],
                "case_group": [
                    {"label": f"Practitioner {i}", "role": "Role", "agency_type": "police"}
                    for i in range(1, 4)
                ],
                "chronology": [
                    {"date": f"2014-0{m}-01", "agency": "Police", "event": "An invented event."}
                    for m in range(1, 6)
                ],
                "key_practice_episodes": [
                    {
                        "title": f"Invented episode {k}",
                        "what_happened": "Invented. " * 30,
                        "contributory_factors": [
                            {"subfactor": "team.supervision", "effect": "hinders"},
                            {"level": "individual", "effect": "supports", "description": "Text"},
                        ],
                    }
                    for k in range(1, 4)
                ],
                "findings": [
                    {
                        "statement": f"Invented finding {f} of review {r}.",
                        "category": categories[f % len(categories)],
                        "themes": themes[: 1 + f % 3],
                        "priority": "High",
                        "manifestation": "Invented. " * 40,
                        "underlying_evidence": "Invented. " * 40,
                        "prevalence": "Invented. " * 40,
                        "significance": "Invented. " * 40,
                        "board_questions": ["An invented question for the Board?"],
                        "kpes": [1 + f % 3],
                    }
                    for f in range(findings)
                ],
            }
        )
    return {"version": 1, "reviews": items}


def findings_of_export(data: dict) -> list:
    """What a finding is, per review: statement, category, themes, headings, questions, KPEs."""
    keep = ("number", "statement", "category", "themes", "priority", "manifestation")
    keep += ("underlying_evidence", "prevalence", "significance", "board_questions", "kpes")
    return [
        (r["board"]["name"], r["title"], [{k: f[k] for k in keep} for f in r["findings"]])
        for r in data["reviews"]
    ]


def empty_database() -> None:
    """Every row gone but the shipped taxonomies, as in a database fresh from init-db."""
    for table in reversed(db.metadata.sorted_tables):
        if table.name != "taxonomy_term":
            db.session.execute(table.delete())
    db.session.commit()
    assert load_taxonomies() == 0


# --------------------------------------------------------------------------- the worked example


def test_example_validates_and_imports(app, runner):
    assert schema_errors(example()) == []
    result = runner.invoke(args=["import-reviews", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 reviews" in result.output
    assert f"new boards: 1 ({BOARD})" in result.output
    with app.app_context():
        board = db.session.scalar(select(Board).where(Board.name == BOARD))
        assert board.kind.key == "scp"
        k = db.session.scalar(select(Review).where(Review.title.startswith("Child K")))
        assert (k.status, k.review_type.key, k.year) == (ReviewStatus.PUBLISHED, "lt_full", 2023)
        assert [m.label for m in k.case_group] == ["Health Visitor 1", "Social Worker 1", "Mother"]
        assert k.case_group[1].agency_type.key == "children_s_social_care"  # by its label
        assert len(k.research_questions) == 2 and len(k.chronology) == 2
        kpe1, kpe2 = k.episodes
        assert [f.subfactor.key for f in kpe1.factors] == [
            "task_tools.thresholds",
            "work_environment.workload",
        ]
        assert kpe1.factors[1].level.key == "work_environment"  # the level follows the sub-factor
        assert kpe2.factors[0].subfactor.key == "interagency.information_sharing"  # label in level
        assert kpe2.factors[0].effect == "hinders"  # "Makes poor practice more likely"
        f1, f2 = k.findings
        assert (f1.number, f1.category.key, f1.priority) == (1, "tools", "High")
        assert [e.number for e in f1.episodes] == [1]
        assert f2.category.key == "mawi_assessment" and f2.priority == "Medium"
        assert {t.key for t in f2.themes} == {
            "information_sharing_and_handovers",
            "transitions_between_services",
        }
        assert [e.number for e in f2.episodes] == [1, 2]
        assert f1.questions[1].text.startswith("How would the Board know")
        assert k.memberships == []  # no account is called "Invented Lead Reviewer A"
        m = db.session.scalar(select(Review).where(Review.title.startswith("Child M")))
        assert m.review_type.key == "rapid" and m.status == ReviewStatus.PUBLISHED
        assert m.published_on.isoformat() == m.signed_off_on.isoformat() == "2019-01-01"
        assert m.findings[0].number == 1
    assert 'lead reviewer "Invented Lead Reviewer A" has no lead reviewer account' in result.output
    assert "only the year is given; recorded as signed off and published on 1" in result.output


# --------------------------------------------------------------------------- round trips


def test_export_then_import_into_an_empty_database_gives_the_same_reviews(app, runner, tmp_path):
    with app.app_context():
        load_demo()
        db.session.commit()
    out = tmp_path / "out.json"
    result = runner.invoke(args=["export-reviews", "--out", str(out)])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text("utf-8"))
    assert schema_errors(exported) == []
    assert len(exported["reviews"]) == 4
    assert sum(len(r["findings"]) for r in exported["reviews"]) >= 10
    assert any(f["kpes"] for r in exported["reviews"] for f in r["findings"])

    with app.app_context():
        empty_database()
        assert count(Review) == count(Board) == count(User) == 0
    result = runner.invoke(args=["import-reviews", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported 4 reviews" in result.output
    with app.app_context():
        again = export_reviews(reviews_for_export())
    assert findings_of_export(again) == findings_of_export(exported)
    # Everything else comes back too, except the people with accounts, who have none here
    # (the team members without an account are printed by name, and come back).
    for review in exported["reviews"]:
        review["review_team"] = [p for p in review["review_team"] if "account" not in p]
    assert again == exported


def test_round_trip_links_lead_reviewers_by_display_name(app):
    with app.app_context():
        load_demo()
        db.session.commit()
        exported = export_reviews(reviews_for_export())
        team = exported["reviews"][0]["review_team"]
        leads = [p["account"] for p in team if p.get("part") == "lead"]
        assert leads == ["Demo Lead Reviewer 1", "Demo Lead Reviewer 2"]
        for review in db.session.scalars(select(Review)):
            db.session.delete(review)
        db.session.commit()
        result = import_reviews(exported)
        db.session.commit()
        assert result.notes == []
        assert len(result.imported) == 4
        review = result.imported[0]
        assert [u.display_name for u in review.lead_reviewers] == leads
        assert [m.team_role for m in review.memberships] == [
            TeamRole.LEAD, TeamRole.LEAD, TeamRole.TEAM
        ]  # fmt: skip
        assert review.memberships[0].role_title  # the report's row travels with the link
        assert export_reviews(reviews_for_export()) == exported


def test_export_carries_no_accounts_passwords_or_conversations(app):
    with app.app_context():
        load_demo()
        db.session.commit()
        text = json.dumps(export_reviews(reviews_for_export()))
        for user in db.session.scalars(select(User)):
            assert user.email not in text
            assert user.password_hash not in text
        conversations = db.session.scalars(select(Review)).first().case_group
        notes = [m.conversation.knew_then for m in conversations if m.conversation]
        assert notes and not any(n in text for n in notes if n)
        assert "password" not in text and "email" not in text and "token" not in text


def test_protected_terms_are_never_exported(app):
    relationship = getattr(Review, "protected_terms", None)
    if relationship is None:
        pytest.skip("protected terms are not in this build")
    protected_term = relationship.property.mapper.class_
    with app.app_context():
        load_demo()
        review = db.session.scalars(select(Review)).first()
        review.protected_terms.append(protected_term(term="Zebedee Quillfeather", note="Father"))
        db.session.commit()
        text = json.dumps(export_reviews(reviews_for_export()))
        assert "Quillfeather" not in text and "protected" not in text


def test_protected_terms_travel_only_on_purpose(app, runner, tmp_path):
    """--with-protected-terms writes each review's terms and variants, and warns; an import
    brings them back; without the flag they are never written."""
    with app.app_context():
        load_demo()
        review = db.session.scalars(select(Review).order_by(Review.id)).first()
        title = review.title
        review.protected_terms.append(
            ProtectedTerm(term="Zebedee Quillfeather", note="Father", variants=["Zeb", "Zebby"])
        )
        review.protected_terms.append(ProtectedTerm(term="Quillfeather Lane"))
        db.session.commit()
    plain = runner.invoke(args=["export-reviews", "--out", "-"])
    assert plain.exit_code == 0 and "Quillfeather" not in plain.output
    assert "protected" not in plain.output and "WARNING" not in plain.output
    out = tmp_path / "with-terms.json"
    result = runner.invoke(args=["export-reviews", "--with-protected-terms", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "WARNING: 2 protected terms" in result.output and "as sensitive as" in result.output
    exported = json.loads(out.read_text("utf-8"))
    assert schema_errors(exported) == []
    terms = {r["title"]: r["protected_terms"] for r in exported["reviews"]}
    assert terms[title] == [
        {"term": "Zebedee Quillfeather", "variants": ["Zeb", "Zebby"], "note": "Father"},
        {"term": "Quillfeather Lane", "variants": [], "note": ""},
    ]
    assert all(t == [] for name, t in terms.items() if name != title)
    help_text = runner.invoke(args=["export-reviews", "--help"]).output
    assert "--with-protected-terms" in help_text and "sensitive" in help_text

    with app.app_context():
        empty_database()
    result = runner.invoke(args=["import-reviews", str(out)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        again = export_reviews(reviews_for_export(), with_protected_terms=True)
        imported = db.session.scalars(select(Review).where(Review.title == title)).one()
        assert sorted((t.term, t.variant_list) for t in imported.protected_terms) == [
            ("Quillfeather Lane", []),
            ("Zebedee Quillfeather", ["Zeb", "Zebby"]),
        ]
    for review in exported["reviews"]:
        review["review_team"] = [p for p in review["review_team"] if "account" not in p]
    assert again == exported


def test_protected_terms_in_a_file_as_strings_or_objects(app):
    data = example()
    review = data["reviews"][0]
    review["protected_terms"] = [
        "Zebedee Quillfeather",
        {"term": "zebedee  QUILLFEATHER", "variants": ["Zeb"]},  # the same term: merged
        {"term": "Acacia Road", "variants": ["Acacia Rd", "acacia rd"], "note": "home"},
    ]
    with app.app_context():
        load_taxonomies()
        result = import_reviews(data)
        terms = result.imported[0].protected_terms
        assert [(t.term, t.variant_list, t.note) for t in terms] == [
            ("Zebedee Quillfeather", ["Zeb"], ""),
            ("Acacia Road", ["Acacia Rd"], "home"),
        ]
        assert any("kept once, variants merged" in n for n in result.notes)
        db.session.rollback()


@pytest.mark.parametrize(
    "terms, message",
    [
        (["Z"], "protected_terms[0] → term: a protected term needs at least two letters"),
        ([{"term": "Zeb Quill", "variants": ["Q"]}], "protected_terms[0] → variants[0]"),
        ([{"term": "Zeb Quill", "colour": "red"}], "protected_terms[0]"),
        ([{"variants": ["Zeb"]}], "protected_terms[0]"),
    ],
)
def test_bad_protected_terms_refuse_the_file(app, terms, message):
    data = example()
    data["reviews"][0]["protected_terms"] = terms
    data["reviews"][0]["subject_pseudonym"] = "Child Q"
    with app.app_context():
        load_taxonomies()
        with pytest.raises(ImportFailed) as failed:
            import_reviews(data)
        db.session.rollback()
    assert message in str(failed.value)


def test_export_command_with_ids_and_to_standard_output(app, runner, world):
    result = runner.invoke(args=["export-reviews", str(world.published), "--out", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["title"] for r in data["reviews"]] == ["Adult D: a published review"]
    assert data["reviews"][0]["year"] == 2024
    missing = runner.invoke(args=["export-reviews", "999999", "--out", "-"])
    assert missing.exit_code != 0
    assert "No review has the id 999999" in missing.output


# --------------------------------------------------------------------------- bad files


def test_a_bad_file_names_record_and_field_and_imports_nothing(app, runner, tmp_path):
    data = example()
    bad = copy.deepcopy(data["reviews"][0])
    bad["title"] = "Child C: a review with a typo"
    bad["findings"][1]["category"] = "toolz"
    data["reviews"].insert(1, bad)
    result = runner.invoke(args=["import-reviews", write(tmp_path, data)])
    assert result.exit_code != 0
    assert (
        'reviews[1] ("Child C: a review with a typo") → findings[1] → category: '
        'unknown finding category "toolz" (did you mean "tools"?)'
    ) in result.output
    assert "Nothing was imported" in result.output
    with app.app_context():
        assert count(Review) == count(Board) == count(Finding) == 0


def test_schema_errors_are_explained(app):
    data = example()
    review = data["reviews"][0]
    del review["title"]
    review["findings"][0]["catgory"] = "tools"
    review["chronology"][0]["date"] = "4 March 2021"
    review["key_practice_episodes"][0]["number"] = "one"
    review["case_group"][0]["label"] = ""
    data["reviews"][1]["title"] = "x" * 201
    with app.app_context(), pytest.raises(ImportFailed) as caught:
        import_reviews(data)
    errors = caught.value.errors
    assert errors == [
        "reviews[0] → case_group[0] → label: must not be empty",
        'reviews[0] → chronology[0] → date: "4 March 2021" is not a date written YYYY-MM-DD',
        "reviews[0] → findings[0] → catgory: unknown field (check its spelling in the format)",
        'reviews[0] → key_practice_episodes[0] → number: expected a whole number, got "one"',
        "reviews[0] → title: missing (it is required)",
        f'reviews[1] ("{"x" * 39}…") → title: is 201 characters long; at most 200 fit',
    ]
    assert str(caught.value).startswith("6 problems found:\n  - reviews[0]")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "the file → version: must be 1, got 2"),  # not a review
        ({"reviews": {}}, "reviews: expected a list […], got {}"),
    ],
)
def test_top_level_errors(app, change, message):
    with app.app_context(), pytest.raises(ImportFailed) as caught:
        import_reviews(example() | change)
    assert any(message.split(": ", 1)[1] in e for e in caught.value.errors), caught.value.errors


def test_semantic_errors_name_record_and_field(app):
    data = example()
    k, m = data["reviews"]
    k["status"] = "finished"
    k["year"] = 2020
    k["review_type"] = "Learning Together"
    k["key_practice_episodes"][1]["number"] = 1
    factor = k["key_practice_episodes"][0]["contributory_factors"][0]
    factor["subfactor"] = "team.supervision"  # not of level task_tools
    k["key_practice_episodes"][1]["contributory_factors"][0] = {
        "subfactor": "Communication",  # a label of two levels' sub-factors
        "effect": "hinders",
    }
    k["findings"][0]["kpes"] = [3]
    k["findings"][0]["priority"] = "urgent"
    k["findings"][1]["themes"] = ["neglekt"]
    m["board"]["name"] = BOARD.upper()
    m["title"] = k["title"]
    with app.app_context(), pytest.raises(ImportFailed) as caught:
        import_reviews(data)
        db.session.rollback()
    where = 'reviews[0] ("Child K: a Learning Together review") → '
    expected = [
        where + 'review_type: unknown review type "Learning Together"',
        where + 'status: unknown status "finished" (use one of: draft, analysis, findings, '
        "signed_off, published)",
        where + "year: 2020 does not match the review's dates, which give 2023",
        where + "key_practice_episodes[1] → number: number 1 is also used by "
        "key_practice_episodes[0]",
        where + "key_practice_episodes[0] → contributory_factors[0] → subfactor: sub-factor "
        '"team.supervision" belongs to level "team", not "task_tools"',
        where + "key_practice_episodes[1] → contributory_factors[0] → subfactor: "
        '"Communication" is the label of several contributory sub-factors: use a key '
        "(child_family.communication, team.communication)",
        where + "findings[0] → kpes[0]: no key practice episode is numbered 3",
        where + 'findings[0] → priority: unknown priority "urgent" (use one of: High, Medium, '
        "Low, )",
        where + 'findings[1] → themes[0]: unknown theme "neglekt" (did you mean "neglect"?)',
        where + "findings[1] → kpes[0]: no key practice episode is numbered 2",  # now KPE 1 too
        'reviews[1] ("Child K: a Learning Together review") → title: the same board and title '
        "as reviews[0]",
    ]
    assert sorted(caught.value.errors) == sorted(expected)


# --------------------------------------------------------------------------- idempotence


def test_import_again_skips_and_replace_replaces(app, runner):
    first = runner.invoke(args=["import-reviews", str(EXAMPLE)])
    assert first.exit_code == 0, first.output
    with app.app_context():
        ids = set(db.session.scalars(select(Review.id)))
        counts = (count(Review), count(Finding), count(KeyPracticeEpisode), count(Board))
    again = runner.invoke(args=["import-reviews", str(EXAMPLE)])
    assert again.exit_code == 0, again.output
    assert "Imported 0 reviews; skipped 2" in again.output
    assert "already on Westhaven Safeguarding Children Partnership; skipped" in again.output
    assert "lead reviewer" not in again.output  # notes only for what is imported
    replaced = runner.invoke(args=["import-reviews", "--replace", str(EXAMPLE)])
    assert replaced.exit_code == 0, replaced.output
    assert "Imported 2 reviews; skipped 0, replaced 2" in replaced.output
    with app.app_context():
        assert (count(Review), count(Finding), count(KeyPracticeEpisode), count(Board)) == counts
        assert set(db.session.scalars(select(Review.id))).isdisjoint(ids)


def test_titles_and_boards_match_in_any_case(app):
    with app.app_context():
        import_reviews(example())
        db.session.commit()
        data = example()
        for review in data["reviews"]:
            review["board"]["name"] = "  " + review["board"]["name"].lower()
            review["title"] = review["title"].upper()
        result = import_reviews(data)
        assert len(result.skipped) == 2 and result.imported == []


def test_dry_run_saves_nothing(app, runner):
    result = runner.invoke(args=["import-reviews", "--dry-run", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Would import 2 reviews" in result.output
    with app.app_context():
        assert count(Review) == count(Board) == 0


# --------------------------------------------------------------------------- lead reviewers


def test_lead_reviewers_link_only_to_one_active_lead_reviewer(app):
    with app.app_context():
        for i, (name, role) in enumerate(
            [
                ("Invented Lead Reviewer A", Role.LEAD_REVIEWER),
                ("invented lead reviewer b", Role.LEAD_REVIEWER),
                ("Invented Lead Reviewer B", Role.LEAD_REVIEWER),  # two of that name
                ("Invented Lead Reviewer C", Role.PRACTITIONER),  # not a lead reviewer
            ]
        ):
            db.session.add(User(email=f"u{i}@x.example.org", display_name=name, role=role,
                                password_hash="x"))  # fmt: skip
        db.session.commit()
        data = example()
        data["reviews"][0]["lead_reviewers"].append("Invented Lead Reviewer C")
        result = import_reviews(data)
        db.session.commit()
        review = result.imported[0]
        assert [u.display_name for u in review.lead_reviewers] == ["Invented Lead Reviewer A"]
        assert any('2 lead reviewer accounts are called "Invented Lead Reviewer B"' in n
                   for n in result.notes)  # fmt: skip
        assert any('"Invented Lead Reviewer C" has no lead reviewer account' in n
                   for n in result.notes)  # fmt: skip


# --------------------------------------------------------------------------- transactions


def test_a_failure_after_flushed_batches_rolls_everything_back(app, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(importer_module, "BATCH", 3)
    real = importer_module._Importer.review

    def failing(self, index, item):
        if index == 7:
            raise RuntimeError("the database went away")
        return real(self, index, item)

    monkeypatch.setattr(importer_module._Importer, "review", failing)
    result = runner.invoke(args=["import-reviews", write(tmp_path, generated_document(10, 2))])
    assert result.exit_code != 0
    assert "Nothing was imported" in result.output and "the database went away" in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert count(Review) == count(Board) == count(Finding) == 0


def test_batches_and_progress(app, monkeypatch):
    monkeypatch.setattr(importer_module, "BATCH", 4)
    steps = []
    with app.app_context():
        result = import_reviews(generated_document(10, 3), progress=steps.append)
        db.session.commit()
        assert steps == [1] * 10
        assert len(result.imported) == 10 and result.boards_created == ["Generated Board"]
        assert count(Finding) == 30
        review = db.session.scalar(select(Review).where(Review.title.startswith("Child G9:")))
        assert [f.number for f in review.findings] == [1, 2, 3]
        assert [[e.number for e in f.episodes] for f in review.findings] == [[1], [2], [3]]


def test_a_file_that_is_not_json_is_refused(app, runner, tmp_path):
    result = runner.invoke(args=["import-reviews", write(tmp_path, '{"version": 1, "reviews": [')])
    assert result.exit_code != 0
    assert "is not valid JSON" in result.output and "line 1" in result.output


def test_an_unknown_action_status_is_named(app):
    with app.app_context():
        data = example()
        finding = data["reviews"][0]["findings"][0]
        finding["board_response"] = {"actions": [{"what": "Train", "status": "finished"}]}
        with pytest.raises(ImportFailed) as failed:
            import_reviews(data)
        assert 'board_response → actions[0] → status: unknown action status "finished"' in str(
            failed.value
        )
