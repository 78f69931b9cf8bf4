"""Serving the reader to other people: SSH and web front doors that sit beside the app, never inside it."""
