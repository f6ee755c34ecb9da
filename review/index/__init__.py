"""The Whoosh index behind review.search: schema, documents, storage, session hooks, queries."""
