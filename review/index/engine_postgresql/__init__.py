"""PostgreSQL full-text search behind review.search (REVIEW_SEARCH_BACKEND=postgresql)."""
