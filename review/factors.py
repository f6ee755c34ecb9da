"""Contributory factors as the method presents them: grouped under their level."""

from itertools import groupby

from .models import KeyPracticeEpisode


def factors_by_level(episode: KeyPracticeEpisode) -> list[tuple]:
    """The episode's factors grouped under their level, in the taxonomy's order."""
    ordered = sorted(episode.factors, key=lambda f: (f.level.position, f.position))
    return [(level, list(items)) for level, items in groupby(ordered, key=lambda f: f.level)]
