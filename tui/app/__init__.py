"""The Textual reader; imported only when the interactive reader starts."""
