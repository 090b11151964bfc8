"""How a competency question's answer is read from the SPARQL JSON results and compared with
the gold answer (shared by the first document's and the corpus questions)."""

import unicodedata


def fold(value: str) -> str:
    """Compare literals without regard to case and accents (as the gold README says)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def answer_values(client, name: str, params: dict, columns: list[str], base: str) -> list[str]:
    """The values of ``columns`` in the answer of named query ``name``: our IRIs as paths, and a
    column written ``title@`` as a literal with its language tag (``Funding@en``)."""
    response = client.get(f"/queries/{name}", params=params,
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    values = []
    for binding in response.json()["results"]["bindings"]:
        for column in columns:
            tagged = column.endswith("@")
            column = column.rstrip("@")
            if column in binding:
                value = binding[column]["value"]
                if tagged:
                    value += "@" + binding[column].get("xml:lang", "")
                if binding[column]["type"] == "uri" and value.startswith(base):
                    value = value[len(base):]
                values.append(value)
    return values


def assert_same_answer(values: list[str], expected: list[str], gold: dict) -> None:
    """As sequences when the gold answer is ordered, else as sets; folded."""
    if gold.get("answer_is_ordered"):
        assert [fold(v) for v in values] == [fold(v) for v in expected], gold["question"]
    else:
        assert {fold(v) for v in values} == {fold(v) for v in expected}, gold["question"]
