"""Data coming in and going out of ror-assistant: FINESS pre-fill, JSON/FHIR export.

Each module reads or writes one outside format and talks to the rest of the product only
through :mod:`ror_assistant.storage`, so a format change stays in its own module.
"""
