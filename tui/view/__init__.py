"""What the reader shows of an item, free of Textual: places, the one document builder, and its renderings."""
