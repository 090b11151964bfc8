"""The one place where treatygraph URIs are minted and parsed.

The public URI scheme is documented in ``docs/identifiers.md`` (it follows
``IDENTIFIERS.md`` of the project's shared material). Every resource is a
*reference* (a small frozen dataclass, :mod:`.references`); :func:`mint` turns a reference
into a URI and :func:`parse` turns a URI back into the same reference, so
``parse(mint(ref)) == ref`` for every valid reference.

Official numbers are kept as the instrument writes them (``XI/6``,
``30 COM 6``, ``1/CP.21``); only in a path do ``/`` and spaces become ``-``
(:func:`number_to_path`). Document symbols keep their ``/`` and turn spaces
into ``_`` (:func:`symbol_to_path`).

The package's modules: :mod:`.references` (the reference types) and
:mod:`.uris` (every rule of the scheme: minting, parsing, the path forms of
numbers and symbols, named graphs and runs). Import from the package:
``from treatygraph import identifiers``; ``identifiers.mint(ref)``.
"""

from .references import (
    Act, Actor, Agent, Arrangement, Body, Document, Entity, Expression, Group, Part, Provision, Ref,
    Session, StrategicPlan, Target, TargetScheme,
)
from .uris import (
    ACT_KINDS, ACTOR_ROLES, agent_slug, CODE_PATTERN, DEFAULT_BASE, DERIVED_GRAPH,
    derived_graph_uri, document_graph_uri, DOCUMENT_PART_KINDS, EXPRESSION_KEYWORD, from_roman,
    graph_uri, graphs_prefix, IdentifierError, INSTRUMENT_PART_KINDS, INSTRUMENT_SUBPATHS,
    is_target_scheme, label_uri, mint, number_to_path, ONTOLOGY_GRAPH, parse, parse_path, path_of,
    path_to_symbol, provision_notation, rebase, REGISTRY_GRAPH, relative_path, resource_prefix,
    RESOURCES_GRAPH, resources_graph_uri, run_uri, symbol_to_path, to_roman, void_dataset_uri,
    VOID_GRAPH, void_graph_uri,
)

__all__ = [
    "Entity", "Provision", "Body", "Session", "Actor", "Agent", "Act", "Document", "Part", "Group",
    "Arrangement", "StrategicPlan", "Target", "TargetScheme", "Expression", "Ref", "DEFAULT_BASE",
    "INSTRUMENT_SUBPATHS", "EXPRESSION_KEYWORD", "ACTOR_ROLES", "ACT_KINDS", "DOCUMENT_PART_KINDS",
    "INSTRUMENT_PART_KINDS", "CODE_PATTERN", "IdentifierError", "is_target_scheme", "to_roman",
    "from_roman", "number_to_path", "agent_slug", "provision_notation", "symbol_to_path",
    "path_to_symbol", "path_of", "mint", "resource_prefix", "relative_path", "parse_path", "parse",
    "rebase", "ONTOLOGY_GRAPH", "REGISTRY_GRAPH", "RESOURCES_GRAPH", "DERIVED_GRAPH", "VOID_GRAPH",
    "graph_uri", "document_graph_uri", "resources_graph_uri", "derived_graph_uri", "void_graph_uri",
    "graphs_prefix", "void_dataset_uri", "run_uri", "label_uri",
]
