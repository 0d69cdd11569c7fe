"""Widgets grouped by the screen area they belong to (home, interview, common)."""
