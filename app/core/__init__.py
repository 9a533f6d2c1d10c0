"""Plumbing shared by every capability: database, references, sanitising, errors."""
