"""Short treaty texts shared by tests (as a treaty layout reads them)."""

#: UNFCCC Articles 1-3: Article 2 without numbered paragraphs, Articles 1 and 3 with two each.
UNFCCC_ARTICLES_1_TO_3 = """# United Nations Framework Convention on Climate Change

### Article 1

1. First paragraph of the first article.

2. Second paragraph.

### Article 2

The ultimate objective of this Convention is stated here.

### Article 3

1. The Parties should protect the climate system.

2. The specific needs should be given full consideration.
"""
