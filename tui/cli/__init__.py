"""Command-line entry points; the non-interactive commands never import Textual."""
