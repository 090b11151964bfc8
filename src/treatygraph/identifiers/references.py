"""References: what each kind of resource is, as a small frozen dataclass (``Provision("cbd", ("8", "j"))``).

:func:`~treatygraph.identifiers.mint` turns one into its URI and
:func:`~treatygraph.identifiers.parse` turns a URI back into it; the rules of
the paths are all in :mod:`.uris`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Entity:
    """An instrument (``id/cbd``) or another organization (``id/unep``).

    Which of the two a code names is the registry's business, not the URI's.
    """

    code: str


@dataclass(frozen=True)
class Provision:
    """An article, paragraph or point: ``id/itpgrfa/art/19.3.g``."""

    inst: str
    steps: tuple[str, ...]  # ("19", "3", "g")

    def parent(self) -> "Provision | None":
        return Provision(self.inst, self.steps[:-1]) if len(self.steps) > 1 else None


@dataclass(frozen=True)
class Body:
    """A governing or subsidiary body: ``id/cbd/cop``, ``id/itpgrfa/gb``."""

    inst: str
    body: str


@dataclass(frozen=True)
class Session:
    """A numbered session or meeting of a body: ``id/cbd/cop/11``."""

    inst: str
    body: str
    number: int


@dataclass(frozen=True)
class Actor:
    """A secretariat, an executive office, or the Parties: ``id/cbd/secretariat``."""

    inst: str
    role: str


@dataclass(frozen=True)
class Agent:
    """Someone a clause addresses that the registry does not know: ``id/agent/international-organizations``.

    ``slug`` is the addressee's words in lower case joined by ``-`` (see :func:`agent_slug`).
    """

    slug: str


@dataclass(frozen=True)
class Act:
    """A decision, resolution or recommendation: ``id/cbd/decision/XI-6``.

    ``number`` is the path form (``XI-6``, ``8-2011``, ``30-COM-6``); build it
    from an official number with :func:`number_to_path`.
    """

    inst: str
    kind: str
    number: str


@dataclass(frozen=True)
class Document:
    """A document by symbol (``UNEP/CBD/ICNP/1/INF/8``) or by slug.

    ``key`` is the path form: the symbol with spaces as ``_`` (see
    :func:`symbol_to_path`), or a lower-case slug without ``/``.
    """

    key: str


@dataclass(frozen=True)
class Part:
    """A part of a document or of an act, nested as the path nests them.

    ``id/doc/x/annex/3/pp/1`` is ``Part(Document("x"), (("annex","3"),("pp","1")))``;
    ``id/cbd/decision/X-20/para/9`` is ``Part(Act(...), (("para","9"),))``;
    ``id/unclos/part/XI`` is ``Part(Entity("unclos"), (("part","XI"),))`` (a part of an
    instrument's own text that is not an article: its preambular paragraphs, parts,
    chapters, sections and annexes, and articles numbered inside an annex).
    """

    parent: Union["Act", "Document", "Entity"]
    steps: tuple[tuple[str, str], ...]

    def up(self) -> "Part | Act | Document":
        """The enclosing part, or the act/document itself."""
        if len(self.steps) > 1:
            return Part(self.parent, self.steps[:-1])
        return self.parent


@dataclass(frozen=True)
class Group:
    """An inter-secretariat group and its meetings: ``id/group/blg/retreat/2``.

    ``meeting`` is ``()`` for the group itself, ``("5",)`` for a numbered
    meeting, ``("retreat", "2")`` or ``("meeting", "2013-02-13")``.
    """

    code: str
    meeting: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arrangement:
    """A cooperation arrangement and its activities.

    ``id/arrangement/cbd-cms-jwp-2012-2014/activity/2.1``.
    """

    slug: str
    activity: str | None = None


@dataclass(frozen=True)
class StrategicPlan:
    """``id/cbd/strategic-plan/2011-2020``; its objectives or targets as ``item``.

    ``item`` is ``("objective", "1")`` for ``.../objective/1``.
    """

    inst: str
    period: str
    item: tuple[str, str] | None = None


@dataclass(frozen=True)
class Target:
    """A target in a target scheme: ``id/aichi-targets/5``."""

    scheme: str
    number: str


@dataclass(frozen=True)
class TargetScheme:
    """A scheme of targets (a ``skos:ConceptScheme``): ``id/aichi-targets``."""

    scheme: str


@dataclass(frozen=True)
class Expression:
    """One language version of a work (ELI's expression): ``id/bbnj/text/fr``.

    ``work`` is what the text realizes: an instrument (``Entity``), one of its
    provisions (``id/bbnj/art/52/text/fr``, the French text of Article 52) or
    parts (``id/bbnj/annex/I/text/ar``), an act or a document and their parts.
    ``lang`` is a lower-case ISO 639-1 (or -2) code.
    """

    work: "Ref"
    lang: str


Ref = Union[
    Entity, Provision, Body, Session, Actor, Agent, Act, Document, Part, Group,
    Arrangement, StrategicPlan, Target, TargetScheme, Expression,
]
