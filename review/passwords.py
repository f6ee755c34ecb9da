"""The password policy (length, a shipped list of common passwords) and the dummy hash.

The list is Django's `common-passwords.txt.gz` (BSD licence; Royce Williams' 2017 list of
the 20,000 most common passwords), shipped in review/data.
"""

import gzip
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 200  # hashing is slow by design: bound what one request can make us hash
MIN_DISTINCT = 5
COMMON = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def problems(password: str, email: str = "") -> list[str]:
    """Why `password` is refused (empty: it is acceptable), in words for the form."""
    if len(password) < MIN_LENGTH:
        return [f"Use at least {MIN_LENGTH} characters (this one has {len(password)})."]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    lowered = password.lower()
    core = lowered.strip("0123456789!@#$%^&*()-_=+.,?;: ")
    if lowered in common_passwords() or core in common_passwords():
        return ["This password is in a list of commonly used passwords; choose another."]
    if len(set(lowered)) < MIN_DISTINCT:
        return [f"Use at least {MIN_DISTINCT} different characters."]
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return ["Do not build the password from your email address."]
    return []


@cache
def _dummy_hash() -> str:
    """A hash made the way real ones are, so checking it costs what a real check costs."""
    return generate_password_hash("not a password anyone has")


def spend_the_same_time(password: str) -> None:
    """Do a real password check's work for an unknown account: timing must not tell."""
    check_password_hash(_dummy_hash(), password)
