"""Browser tests: a real headless Chromium against a live server (see conftest.py)."""
