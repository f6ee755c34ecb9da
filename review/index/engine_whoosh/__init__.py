"""The embedded search engine: a Whoosh index in the instance folder (one host)."""
