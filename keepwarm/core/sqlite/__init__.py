"""Django's SQLite backend, with writers that say when they wait for SQLite's one write lock (writers.py), so
background jobs step aside only when someone waits (core.db.step_aside). ENGINE "keepwarm.core.sqlite"."""
