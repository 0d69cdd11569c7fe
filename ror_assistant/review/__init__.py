"""The review sheet a chef de service reads, ticks and signs (HTML for print, Markdown for text).

Public API: :func:`render_unit_sheet`, :func:`render_sheets`, :func:`issue_sheet`,
:func:`units_in_scope` (see ``docs/review.md``), and :func:`fingerprint` /
:func:`short_fingerprint` for the content fingerprint printed on the sheet.
"""
