"""Learning aliases: when to remember a confirmed answer, and the lookups around storage.

The database functions live in :mod:`ror_assistant.storage.aliases` (``save_alias``,
``find_alias``, ``remove_alias``, each audited); this module holds the *policy* and the glue:

* :func:`should_learn` — whether a confirmation is worth keeping as an alias of the
  establishment: only when the matcher did not already get it right with confidence (the
  confirmed code was not first, or the verdict was not ``sure``, or the score was low). A
  confirmation of a sure, high first proposal teaches nothing and would only freeze today's
  ranking;
* :func:`learn_confirmation` — applies the policy and saves the alias under
  :func:`ror_assistant.matching.alias_key` (same words whatever accents, case, apostrophes);
* :func:`aliases_for` — the mapping :meth:`Matcher.match` takes (``aliases=``), the EJ's own
  alias winning over a global one;
* :func:`list_aliases` — the aliases of an EJ and/or field, for ``ror-assistant aliases list``
  (a read-only query: storage has no listing function).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from ror_assistant.matching.fields import FIELDS
from ror_assistant.matching.results import MatchResult
from ror_assistant.matching.normalize import alias_key
from ror_assistant.storage.aliases import find_alias, save_alias
from ror_assistant.storage.models import MatchAlias

LEARN_BELOW_SCORE = 80.0
"""A confirmed first proposal scoring under this is still learnt: the matcher hesitated."""


def should_learn(result: MatchResult, chosen_code: str) -> bool:
    """True when confirming ``chosen_code`` for ``result.text`` should become an alias.

    Learnt when the chosen code was not the first proposal, when the verdict was not ``sure``
    or when the first proposal scored under :data:`LEARN_BELOW_SCORE`. Never for an answer that
    already came from an alias or a typed code, nor for an answer with no words to key on.
    """
    if not alias_key(result.text):
        return False
    best = result.best
    if best is None:
        return True
    if best.code == chosen_code and best.via in ("alias", "code"):
        return False
    return best.code != chosen_code or result.verdict != "sure" or best.score < LEARN_BELOW_SCORE


def learn_confirmation(session: Session, user: str, result: MatchResult, chosen_code: str,
                       ej_id: int | None = None) -> MatchAlias | None:
    """Save the alias ``result.text`` → ``chosen_code`` when :func:`should_learn` says so."""
    if not should_learn(result, chosen_code):
        return None
    return save_alias(session, user, field=result.field, text_key=alias_key(result.text), code=chosen_code,
                      value_set=FIELDS[result.field].value_set, ej_id=ej_id)


def aliases_for(session: Session, field: str, text: str, ej_id: int | None = None) -> dict[str, str]:
    """``{alias_key(text): code}`` when an alias is known for this text, else ``{}``."""
    key = alias_key(text)
    if not key:
        return {}
    alias = find_alias(session, field=field, text_key=key, ej_id=ej_id)
    return {key: alias.code} if alias is not None else {}


def list_aliases(session: Session, *, ej_id: int | None = None, field: str | None = None) -> list[MatchAlias]:
    """Aliases ordered by field and text; ``ej_id`` keeps that EJ's own aliases and the global ones."""
    query = select(MatchAlias)
    if ej_id is not None:
        query = query.where((col(MatchAlias.ej_id) == ej_id) | col(MatchAlias.ej_id).is_(None))
    if field is not None:
        query = query.where(MatchAlias.field == field)
    return list(session.exec(query.order_by(MatchAlias.field, MatchAlias.text_key, MatchAlias.id)))
