"""Targets and goals: ``Target 3 of the Kunming-Montreal GBF`` → ``id/gbf-targets/3``.

A target's scheme comes from its own noun phrase (attached or following), else
the last scheme named before it in its part; an unknown framework named nearer
leaves it unresolved; its number must be one of the scheme's targets when the
registry lists them.
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import SKOS

from ... import identifiers as ids

_SCHEME_LIKE = re.compile(r"Framework|GBF|Targets?|Goals?|Plan|框架|目标|计划", re.IGNORECASE)


class TargetRules:
    """Targets of a scheme (mixed into :class:`.resolver.Resolver`)."""

    def target(self, raw, part, names, warnings):
        scheme = raw.scheme
        if scheme is None and raw.parent is not None:
            d = self._done_of(raw.parent)
            if d is not None and isinstance(d.ref, ids.Target):
                scheme = d.ref.scheme
            elif d is not None:
                warnings.append("unresolved: the target this list continues is unresolved")
                return None, None, "target", warnings
        if scheme is None:
            q = self.qualifier(raw)
            if q.qualified and q.scheme:
                scheme = q.scheme
            elif q.qualified and q.why:
                warnings.append(f"unresolved: {q.why} (no target scheme of that name)")
                return None, None, "target", warnings
        if scheme is None:
            prior = [n for n in names if part.start <= n.start < raw.start
                     and (n.scheme or (n.unknown and _SCHEME_LIKE.search(n.unknown)))]
            if prior and prior[-1].unknown:
                warnings.append(f"unresolved: the nearest framework named before it, {prior[-1].unknown!r}, "
                                "is not a target scheme in the registry")
                return None, None, "target", warnings
            if prior:
                scheme = prior[-1].scheme
        if scheme is None:
            warnings.append("unresolved: no target scheme named before this target")
            return None, None, "target", warnings
        ref = ids.Target(scheme, raw.para)
        members = self._scheme_members(scheme)
        if members and raw.para not in members:
            warnings.append(f"unresolved: {scheme} has no target {raw.para} (its targets: {min(members, key=_num)}"
                            f"–{max(members, key=_num)})")
            return None, None, "target", warnings
        return ref, None, "target", warnings

    def _scheme_members(self, scheme: str) -> set[str]:
        """The target numbers the registry lists in a scheme (empty: it lists none, nothing to check)."""
        scheme_uri = URIRef(ids.mint(ids.TargetScheme(scheme), self.registry.base))
        out = set()
        for t in self.registry.graph.subjects(SKOS.inScheme, scheme_uri):
            out.add(str(t).rstrip("/").rsplit("/", 1)[-1])
        return out


def _num(s: str) -> int:
    return int(s) if s.isdigit() else 0
