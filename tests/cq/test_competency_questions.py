"""Every competency question of the gold standard, answered by a named query over HTTP,
on both stores (embedded Oxigraph and Virtuoso, see the ``api_store`` fixture).

Each question maps to a named query in ``queries/`` with its parameters and the
result columns that make up the answer; the answer is compared with
``gold/competency_questions.json`` as a set, or as a sequence where the gold
says the answer is ordered.
"""

import json

import pytest
from cq_answers import answer_values, assert_same_answer

DOC = "id/doc/itpgrfa-gb-5-item-13"

#: question id -> (named query, parameters, answer columns)
QUESTIONS = {
    "CQ01": ("parts-citing", {"document": DOC, "cited": "id/itpgrfa/art/19.3.g"}, ["part"]),
    "CQ02": ("parts-citing", {"document": DOC, "cited": "id/itpgrfa/art/19.3.l"}, ["part"]),
    "CQ04": ("parts-citing", {"document": DOC, "cited": "id/itpgrfa/resolution/8-2011"}, ["part"]),
    "CQ05": ("acts-cited-of-body", {"document": DOC, "body": "id/cbd/cop"}, ["act"]),
    "CQ07": ("cited-in-part-except-body", {"part": f"{DOC}/annex/2/part/1", "body": "id/cbd/cop"}, ["cited"]),
    "CQ08": ("cited-paragraphs", {"part": f"{DOC}/fn/22"}, ["cited"]),
    "CQ11": ("group-member-instruments", {"group": "id/group/blg"}, ["instrument"]),
    "CQ13": ("group-member-instruments", {"group": "id/group/jlg"}, ["instrument"]),
    "CQ14": ("group-secretariat", {"group": "id/group/blg"}, ["secretariat"]),
    "CQ16": ("arrangement-signing",
             {"party_a": "id/cbd", "party_b": "id/itpgrfa", "kind": "tg:MemorandumOfCooperation"},
             ["arrangement", "signedOn", "signatory"]),
    "CQ18": ("arrangement-activities", {"arrangement": "id/arrangement/cbd-itpgrfa-joint-initiative"}, ["activity"]),
    "CQ20": ("targets", {"subject": "id/arrangement/cbd-cms-jwp-2012-2014"}, ["target"]),
    "CQ22": ("meeting", {"meeting": "id/cbd/cop/11"}, ["meeting", "start", "end", "place"]),
    "CQ25": ("adoption", {"resource": "id/arrangement/blg-modus-operandi"}, ["meeting", "date", "place"]),
    "CQ27": ("operative-paragraphs-addressing",
             {"act": f"{DOC}/annex/3", "verb": "tg:requests", "actor": "id/itpgrfa/secretary"}, ["paragraph"]),
    "CQ28": ("operative-paragraphs", {"act": f"{DOC}/annex/3", "verb": "tg:welcomes"}, ["paragraph"]),
}


def _gold(shared_dir):
    return {q["id"]: q for q in json.loads((shared_dir / "gold" / "competency_questions.json").read_text("utf-8"))}


def test_every_gold_question_has_a_query(shared_dir):
    assert set(_gold(shared_dir)) == set(QUESTIONS)


#: question id -> why Virtuoso answers it wrongly with the whole corpus loaded (expected failure
#: there, not strict; the embedded store answers it).
VIRTUOSO_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_competency_question(qid, client, shared_dir, built_settings, api_store, request):
    if qid in VIRTUOSO_GAPS and getattr(api_store, "query_url", None):
        request.node.add_marker(pytest.mark.xfail(strict=False, reason=VIRTUOSO_GAPS[qid]))
    gold = _gold(shared_dir)[qid]
    name, params, columns = QUESTIONS[qid]
    values = answer_values(client, name, params, columns, built_settings.base)
    assert_same_answer(values, [str(a) for a in gold["answer"]], gold)
