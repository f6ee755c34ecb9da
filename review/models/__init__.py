"""The domain's records, one module per area of the Learning Together workflow."""

from .audit import AuditEvent, SignInAttempt
from .casegroup import CaseGroupMember, Conversation
from .chronology import ChronologyEntry
from .episodes import ContributoryFactor, KeyPracticeEpisode
from .findings import BoardQuestion, Finding
from .people import Board, Role, User
from .protected import ProtectedTerm
from .ratelimit import RateLimitWindow
from .response import ActionStatus, BoardAction, BoardResponse
from .reviews import (
    PrintedTeamMember,
    ResearchQuestion,
    Review,
    ReviewMembership,
    ReviewStatus,
    TeamRole,
)
from .search import SearchDocument, SearchWord
from .taxonomy import TaxonomyKind, TaxonomyTerm

__all__ = [
    "ActionStatus",
    "AuditEvent",
    "BoardAction",
    "BoardResponse",
    "Board",
    "BoardQuestion",
    "CaseGroupMember",
    "ChronologyEntry",
    "ContributoryFactor",
    "Conversation",
    "Finding",
    "KeyPracticeEpisode",
    "PrintedTeamMember",
    "ProtectedTerm",
    "RateLimitWindow",
    "ResearchQuestion",
    "Review",
    "ReviewMembership",
    "ReviewStatus",
    "Role",
    "SearchDocument",
    "SearchWord",
    "SignInAttempt",
    "TaxonomyKind",
    "TaxonomyTerm",
    "TeamRole",
    "User",
]
