"""The search page and its JSON twin: the learning of every review the user may read."""

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from .. import ratelimit, search
from ..extensions import db
from ..index.fields import FACETS

bp = Blueprint("search", __name__)

SORTS = {"relevance": "Relevance", "date": "Newest first"}
TYPES = {"": "Findings and KPEs", "finding": "Findings", "kpe": "Key practice episodes"}


@bp.before_request
def _rate_limit():
    """Each user may search SEARCH_RATE_LIMIT times (default 60 a minute), page and API alike."""
    if not current_user.is_authenticated:
        return None
    limit, period = ratelimit.parse(current_app.config["SEARCH_RATE_LIMIT"])
    wait = ratelimit.hit(f"search:{current_user.id}", limit, period)
    db.session.commit()
    if not wait:
        return None
    message = f"You have searched very often in a short time. Please wait {wait} seconds."
    if request.endpoint == "search.api":
        response = jsonify(error=message)
    else:
        response = current_app.make_response(
            render_template("search/limited.html", message=message)
        )
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def _arguments() -> dict:
    """Read the GET arguments leniently: a bad page number is page 1, not an error."""
    try:
        page = max(1, min(int(request.args.get("page", 1)), 1000))
    except ValueError:
        page = 1
    sort = request.args.get("sort", "relevance")
    doc_type = request.args.get("type", "")
    return {
        "text": request.args.get("q", ""),
        "page": page,
        "sort": sort if sort in SORTS else "relevance",
        "doc_type": doc_type if doc_type in TYPES else "",
        "selected": {name: request.args.getlist(name) for name in FACETS if request.args.get(name)},
        "exact": request.args.get("exact") == "1",
    }


def _search(args: dict):
    """The page and the API answer the same search, for the signed-in user."""
    return search.search(
        args["text"], current_user, selected=args["selected"], doc_type=args["doc_type"] or None,
        page=args["page"], sort=args["sort"], exact=args["exact"],
    )  # fmt: skip


def hit_url(hit) -> str:
    if hit.doc_type == "finding":
        return url_for("findings.show", review_id=hit.review_id, finding_id=hit.record_id)
    return url_for("episodes.show", review_id=hit.review_id, episode_id=hit.record_id)


def _url_with(change) -> str:
    """This search's URL with one change to its arguments (keeping repeated ones)."""
    params = request.args.to_dict(flat=False)
    change(params)
    return url_for("search.index", **params)


def facet_url(name: str, value: str) -> str:
    """Add the facet value to the filters, or take it off if it is on (one click either way)."""

    def toggle(params):
        values = params.get(name, [])
        params[name] = [v for v in values if v != value] if value in values else values + [value]
        params.pop("page", None)

    return _url_with(toggle)


def query_url(text: str, *, exact: bool = False) -> str:
    """The same search (type, sort, filters) for other words: respellings and their undoing."""

    def change(params):
        params["q"] = [text]
        params.pop("page", None)
        params.pop("exact", None)
        if exact:
            params["exact"] = ["1"]

    return _url_with(change)


def page_url(page: int) -> str:
    return _url_with(lambda params: params.__setitem__("page", [str(page)]))


@bp.route("/search")
def index():
    args = _arguments()
    results = _search(args)
    return render_template(
        "search/index.html",
        args=args,
        results=results,
        labels=search.facet_labels(),
        sorts=SORTS,
        types=TYPES,
        hit_url=hit_url,
        facet_url=facet_url,
        page_url=page_url,
        query_url=query_url,
    )


@bp.route("/api/search")
def api():
    args = _arguments()
    results = _search(args)
    return jsonify(
        query=results.query,
        total=results.total,
        estimated=results.estimated,
        page=results.page,
        pages=results.pages,
        messages=results.messages,
        suggestion=results.suggestion,
        showing=results.showing,
        rebuilding=results.rebuilding,
        hits=[
            {
                "type": hit.doc_type,
                "id": hit.record_id,
                "number": hit.number,
                "title": hit.title,
                "review": {
                    "id": hit.review_id,
                    "title": hit.review,
                    "board": hit.board,
                    "year": hit.year,
                },
                "category": hit.category or None,
                "score": hit.score,
                "highlights": str(hit.highlights),
                "url": hit_url(hit),
            }  # fmt: skip
            for hit in results.hits
        ],
        facets={
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in results.facets.items()
        },
    )
