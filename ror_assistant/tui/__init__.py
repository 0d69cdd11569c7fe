"""Textual front end: displays what the engine says and forwards what the user types."""
