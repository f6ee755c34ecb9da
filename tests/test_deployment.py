"""What a deployment relies on: the UI found from an installed package, files kept out of caches."""

from pathlib import Path

import review
from review import create_app
from review.extensions import db


def test_ui_and_exports_found_without_the_checkout_layout():
    """The wheel carries templates/static inside the package; the checkout has them top-level."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert Path(app.jinja_loader.searchpath[0], "auth", "login.html").is_file()
    assert Path(app.static_folder, "css", "app.css").is_file()
    assert app.config["EXPORTS_DIR"] == str(Path(app.instance_path) / "exports")
    assert review.UI_ROOT in (review.PACKAGE, review.ROOT)
    with app.app_context():
        db.engine.dispose()


def test_draft_download_is_not_stored(client, auth, world):
    """send_file's default is `no-cache`; a confidential draft must not be kept on disk."""
    auth.login("lead")
    response = client.get(f"/reviews/{world.draft}/exports/report.docx?draft=1")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/app.css")
    static.close()
    assert static.headers.get("Cache-Control") != "no-store"
