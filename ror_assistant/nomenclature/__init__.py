"""NOS code tables and ROR value sets: loading, versions, deprecated codes, bindings.

Public entry point: :func:`load_catalog` returns the :class:`Catalog` of the bundled data.
"""

from ror_assistant.nomenclature.catalog import Catalog, load_catalog
from ror_assistant.nomenclature.models import Binding, CodeTable, Concept, ValueSet, ValueSetMember

__all__ = ["Binding", "Catalog", "CodeTable", "Concept", "ValueSet", "ValueSetMember", "load_catalog"]
