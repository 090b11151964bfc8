"""Resolution: raw mentions -> canonical URIs (minted by ``treatygraph.identifiers``).

Modules: :mod:`.resolver` (the :class:`Resolver`: one document's mentions in
order), :mod:`.context` (qualifiers, short names, the names around a mention),
:mod:`.articles` (articles and parts of instruments), :mod:`.acts` (decisions,
resolutions, recommendations and document symbols; the numbering rules),
:mod:`.paragraphs` (paragraphs of cited acts and documents), :mod:`.targets`,
:mod:`.within_act` (references within an act, anaphora), :mod:`.provisions`
(the provisions the ingested treaty texts hold: an inferred article they lack
stays unresolved). :func:`resolve` is the entry point.

Context rules, in the order they are tried:

- a qualifier decides, attached before the number (``《条约》``, ``CBD COP``,
  ``CITES``) or following it (``of the Ramsar Convention``, ``of the COP-MOP
  to the Nagoya Protocol``); a full title wins over a short name inside it;
  a title the registry does not know (``the Paris Agreement``,
  ``《巴黎协定》``) leaves the mention unresolved with a warning naming it,
  never falls back to the home instrument;
- a short name (``《公约》``, "the Convention") is the home instrument when it
  can name it, else the instrument the home instrument belongs to
  (``tg:parentInstrument``), else the candidate the document has named most
  so far, unless an unknown title of the same kind was named more (then
  unresolved); with no candidate named, unresolved;
- an unqualified article belongs to the instrument the sentence is about (the
  name opening it), else the nearest one named before it in the sentence,
  else the instrument the same article number was qualified with earlier in
  its part ("Article 6 of the Paris Agreement … (Article 6, paragraph 2)"),
  else the home instrument;
  inside a treaty annex that numbers its own articles (or after "Annex III,"),
  an article the annex has is the annex's (``id/unclos/annex/III/art/13``);
- an article whose instrument was inferred (the rule above, or a short name
  the document does not define) stays unresolved when the instrument's
  ingested text has no such article or numbered paragraph (:mod:`.provisions`,
  given by the build); a named instrument keeps the link, with a warning;
- an act number is matched against the numbering rules (registry) of its
  qualifier's instrument, else of every instrument; a Roman session number
  is never read by an arabic-numbered rule; an unqualified number is decided
  by the names in the sentence, the part, the footnote's anchor, the home
  instrument, the instruments the document named; a number nothing decides
  stays unresolved, unless its form names its body (``1/CP.21``, ``NP-1/1``);
- a decision symbol (``UNEP/CBD/COP/DEC/X/2``) is that decision only when every
  segment before ``DEC`` is an instrument, a body or an organisation the
  registry knows (``CBD/CP/MOP/DEC/10/5`` names a body it lacks: unresolved);
- a target's scheme comes from its own noun phrase (attached or following),
  else the last scheme named before it in its part; an unknown framework
  named nearer leaves it unresolved; its number must be one of the scheme's
  targets when the registry lists them;
- a bare paragraph number belongs to the act or document named right after it
  (``paragraph 9 of decision X/20``; through an annex: ``paragraph 13 of the
  annex to decision X/2`` is ``…/annex/1/para/13``, as is ``decision X/2,
  annex, paragraph 13``), and is no citation when what follows ``of`` is not
  a cited act (``paragraph 5 of the report``); else to the nearest act or
  document cited before it in its sentence; after ``同上``/ibid. to the act the previous footnote
  cites; in a footnote, to the act cited before the footnote's marker in the
  anchoring paragraph; otherwise it is this document's own paragraph (no citation).

Slips are resolved and flagged (``19.3(1)`` read as ``19.3(l)``; a symbol root
missing its first letter); incomplete numbers stay unresolved with a warning.
"""

from __future__ import annotations

from ... import identifiers as ids
from ...registry import Registry
from ..cite.common import Found, Lexicon
from ..model import Mention
from ..segment import Segmentation
from .acts import match_rule, match_symbol_pattern, names_its_body
from .provisions import ProvisionIndex, corpus_provisions
from .resolver import Resolver
from .within_act import ActContext

__all__ = ["ActContext", "ProvisionIndex", "Resolver", "corpus_provisions", "match_rule", "match_symbol_pattern", "names_its_body", "resolve"]


def resolve(found: Found, seg: Segmentation, lex: Lexicon, registry: Registry,
            home: str | None, base: str = ids.DEFAULT_BASE, provisions: ProvisionIndex | None = None) -> list[Mention]:
    """Resolve a document's raw mentions (in order) into :class:`Mention` objects; with ``provisions``
    (the provisions the corpus's treaty texts hold), an article whose instrument was inferred and whose
    text lacks it stays unresolved (:mod:`.provisions`)."""
    return Resolver(seg, lex, registry, home, base, provisions).run(found)
