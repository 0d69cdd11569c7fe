"""NOS code tables and ROR value sets: loading, versions, deprecated codes, bindings.

Public entry point: :func:`load_catalog` returns the :class:`Catalog` of the bundled data.
Official ANS releases (FHIR JSON) are read by :mod:`.fhir_import` and recorded, compared and laid
over the bundled data by :mod:`.releases` (``load_catalog_with_releases(session)``), which needs
the database and is therefore not imported here. See docs/nomenclatures.md.
"""

from ror_assistant.nomenclature.catalog import Catalog, load_catalog
from ror_assistant.nomenclature.models import Binding, CodeTable, Concept, ValueSet, ValueSetMember

__all__ = ["Binding", "Catalog", "CodeTable", "Concept", "ValueSet", "ValueSetMember", "load_catalog"]
