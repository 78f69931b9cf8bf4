"""Textual widgets of the reader."""
