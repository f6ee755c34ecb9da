"""The administrator manages users, boards and taxonomies."""

from sqlalchemy import select

from review.extensions import db
from review.models import Board, TaxonomyKind, TaxonomyTerm, User


def test_admin_creates_a_user_who_can_sign_in(client, app, auth, world):
    auth.login("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "display_name": "Nia Reviewer",
            "email": "Nia@Example.org",
            "role": "team_member",
            "board_id": "",
            "active": "y",
            "password": "a new long password",
        },
    )
    assert response.status_code == 302
    auth.logout()
    signed_in = client.post(
        "/auth/login", data={"email": "nia@example.org", "password": "a new long password"}
    )
    assert signed_in.status_code == 302


def test_user_form_errors_keep_what_was_typed(client, auth, world):
    auth.login("admin")
    response = client.post(
        "/admin/users/new",
        data={"display_name": "Kept Name", "email": "lead@test.example.org", "role": "board_member",
              "password": "short"},
    )  # fmt: skip
    body = response.get_data(as_text=True)
    assert "Another account already uses this email address." in body
    assert "A board member must belong to a board." in body
    assert "Use at least 12 characters (this one has 5)." in body
    assert 'value="Kept Name"' in body


def test_editing_a_user_keeps_the_password_unless_a_new_one_is_typed(client, app, auth, world):
    auth.login("admin")
    uid = world.users["practitioner"]
    client.post(
        f"/admin/users/{uid}",
        data={"display_name": "Renamed", "email": "practitioner@test.example.org",
              "role": "practitioner", "board_id": "", "active": "y", "password": ""},
    )  # fmt: skip
    with app.app_context():
        user = db.session.get(User, uid)
        assert user.display_name == "Renamed"
        assert user.check_password("correct horse battery")


def test_admin_adds_a_board(client, app, auth, world):
    auth.login("admin")
    with app.app_context():
        kind = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.key == "lscb")).id
    client.post("/admin/boards/new", data={"name": "Southvale LSCB", "kind_id": kind})
    with app.app_context():
        board = db.session.scalar(select(Board).where(Board.name == "Southvale LSCB"))
        assert board.kind.label == "LSCB"
    clash = client.post("/admin/boards/new", data={"name": "Southvale LSCB"})
    assert "already exists" in clash.get_data(as_text=True)


def test_admin_extends_a_taxonomy_and_reviewers_can_choose_it(client, app, auth, world):
    auth.login("admin")
    response = client.post(
        "/admin/taxonomies/theme/new",
        data={"label": "Cumulative harm", "description": "", "active": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        term = db.session.scalar(
            select(TaxonomyTerm).where(TaxonomyTerm.label == "Cumulative harm")
        )
        assert (term.kind, term.key) == (TaxonomyKind.THEME, "cumulative_harm")
    auth.logout()
    auth.login("lead")
    form = client.get(f"/reviews/{world.draft}/findings/new").get_data(as_text=True)
    assert "Cumulative harm" in form


def test_admin_adds_a_subfactor_under_a_level(client, app, auth, world):
    auth.login("admin")
    with app.app_context():
        level = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.key == "team"))
        level_id = level.id
    page = client.get("/admin/taxonomies/factor_subfactor/new").get_data(as_text=True)
    assert "Level" in page
    client.post(
        "/admin/taxonomies/factor_subfactor/new",
        data={"label": "Handover", "parent_id": level_id, "active": "y"},
    )
    with app.app_context():
        term = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.label == "Handover"))
        assert term.parent_id == level_id


def test_unknown_taxonomy_and_term_of_another_kind_are_404(client, app, auth, world):
    auth.login("admin")
    assert client.get("/admin/taxonomies/nonsense").status_code == 404
    with app.app_context():
        theme = db.session.scalar(select(TaxonomyTerm.id).where(TaxonomyTerm.kind == "theme"))
    assert client.get(f"/admin/taxonomies/review_type/{theme}").status_code == 404
    assert client.get("/admin/taxonomies/review_type/999999").status_code == 404
