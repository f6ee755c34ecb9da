"""The Board's response to a finding in the transfer format: published, so it travels.

The response and its actions are printed in the report (the Board's response chapter), so a
review moved to another installation keeps them. Who recorded the response is an account and
does not travel. The import records actions as given, as it records a review's status: the
forms' rules (an owner and a due date, a completion date for "done") guide new entries.
"""

from collections.abc import Callable
from datetime import date

from ..models import ActionStatus, BoardAction, BoardResponse, Finding
from . import lookups
from .lookups import LookupFailed

ACTION_TEXT = ("what", "owner_role", "owner_agency", "reason", "evidence_of_impact")


def _iso(when: date | None) -> str | None:
    return when.isoformat() if when else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def export_response(finding: Finding) -> dict | None:
    """The finding's response and actions, or None when the Board has recorded neither."""
    if finding.response is None and not finding.actions:
        return None
    response = finding.response
    return {
        "response": response.response if response else "",
        "responded_on": _iso(response.responded_on) if response else None,
        "actions": [
            {
                **{name: getattr(a, name) for name in ACTION_TEXT},
                "due_on": _iso(a.due_on),
                "status": a.status,
                "completed_on": _iso(a.completed_on),
            }
            for a in finding.actions
        ],
    }


def import_response(
    finding: Finding, spec: dict | None, path: str, problem: Callable[[str, str], None]
) -> None:
    """Add the response and actions in `spec` to `finding`; bad values go to `problem`."""
    if not spec:
        return
    if spec.get("response") or spec.get("responded_on"):
        finding.response = BoardResponse(
            response=spec.get("response", ""), responded_on=_date(spec.get("responded_on"))
        )
    for i, action in enumerate(spec.get("actions", [])):
        try:
            status = lookups.action_status(action.get("status") or ActionStatus.PLANNED)
        except LookupFailed as error:
            problem(f"{path} → actions[{i}] → status", str(error))
            status = ActionStatus.PLANNED
        finding.actions.append(
            BoardAction(
                **{name: action.get(name, "") for name in ACTION_TEXT},
                due_on=_date(action.get("due_on")),
                completed_on=_date(action.get("completed_on")),
                status=status,
            )
        )
