"""Russian and Arabic citation forms of issue 14, each on sentences invented for it.

A sentence of a document whose home is the BBNJ Agreement ("the Convention" is UNCLOS); the
treaty-text cases put the sentence in a text headed by articles 1-3 (or more), as the Agreement is.
"""

import pytest

from treatygraph.ingest.cite.numerals import subpoint_number

RU_TREATY = "Статья 1\nОбщее\n\nТекст.\n\nСтатья 2\nДругое\n\nТекст.\n\nСтатья 3\nЕще\n\n1. "
AR_TREATY = "المادة 1 عام نص أول. المادة 2 آخر نص ثان. المادة 3 ثالث "

CASES = [
    # a point's sub-point
    ("ru", RU_TREATY + "Если работы, указанные в пункте 4 b) i) статьи 2, не ведутся, Сторона сообщает.",
     "пункте 4 b) i) статьи 2", "id/bbnj/art/2.4.b.i"),
    ("ar", AR_TREATY + "إذا لم تخضع الأنشطة المبينة في الفقرة 4 (ب) '1‘ من المادة 2 للرصد، تبلغ الأطراف.",
     "الفقرة 4 (ب) '1‘ من المادة 2", "id/bbnj/art/2.4.b.i"),
    ("ar", "تراعي الأطراف الفقرة 3 (ج) '2' من المادة 11 من هذا الاتفاق في جميع الأحوال.",
     "الفقرة 3 (ج) '2' من المادة 11 من هذا الاتفاق", "id/bbnj/art/11.3.c.ii"),
    # a section of a part
    ("ru", "Сторона может заявить, что не принимает процедуры, предусмотренные в разделе 2 части XV Конвенции.",
     "разделе 2 части XV Конвенции", "id/unclos/part/XV/section/2"),
    ("ru", "Ничто не ограничивает юрисдикцию суда согласно разделу 2 ча-сти XV Конвенции в этом случае.",
     "разделу 2 ча-сти XV Конвенции", "id/unclos/part/XV/section/2"),
    ("ar", "يجوز للطرف أن يعلن أنه لا يقبل الإجراءات المنصوص عليها في الفرع 2 من الجزء الخامس عشر من الاتفاقية.",
     "الفرع 2 من الجزء الخامس عشر من الاتفاقية", "id/unclos/part/XV/section/2"),
    ("ar", "لا شيء يحد من اختصاص أي محكمة بموجب الباب 2 من الجزء الخامس عشر من الاتفاقية في هذا الشأن.",
     "الباب 2 من الجزء الخامس عشر من الاتفاقية", "id/unclos/part/XV/section/2"),
    # a list of annexes in ordinals, its owner shared with the part before it
    ("ar", "تعتبر أحكام الجزء الخامس عشر والمرفقات الخامس والسادس والثامن من الاتفاقية مدرجة هنا.",
     "الجزء الخامس عشر", "id/unclos/part/XV"),
    ("ar", "تعتبر أحكام الجزء الخامس عشر والمرفقات الخامس والسادس والثامن من الاتفاقية مدرجة هنا.",
     "السادس", "id/unclos/annex/VI"),
    ("ar", "تعتبر أحكام الجزء الخامس عشر والمرفقات الخامس والسادس والثامن من الاتفاقية مدرجة هنا.",
     "الثامن", "id/unclos/annex/VIII"),  # a later item of a list quotes its own number, as in every language
    ("ru", "Положения части XV и Приложений V, VI и VIII к Конвенции считаются воспроизведенными.",
     "части XV", "id/unclos/part/XV"),
    ("ru", "Положения части XV и Приложений V, VI и VIII к Конвенции считаются воспроизведенными.",
     "VI", "id/unclos/annex/VI"),
    # an instrument named by its title alone (also broken across lines with a hyphen and no space)
    ("ru", "Стороны, ссылаясь на положения Конвенции Организации Объ-единенных Наций по морскому праву, решили.",
     "Конвенции Организации Объ-единенных Наций по морскому праву", "id/unclos"),
    ("ru", "«Конвенция» означает Конвенцию Организации Объединенных Наций по морскому праву от 1982 года.",
     "Конвенцию Организации Объединенных Наций по морскому праву", "id/unclos"),
    ("ar", "إن الأطراف، إذ تشير إلى الأحكام ذات الصلة من اتفاقية الأمم المتحدة لقانون البحار المؤرخة 1982، قد اتفقت.",
     "اتفاقية الأمم المتحدة لقانون البحار", "id/unclos"),
    # the OCR'd Arabic joins a number to its word, or puts a sentence's period between them
    ("ar", "يكون الإخطار والتشاور العامان وفقا للفقرة 3 من المادة48 شاملين للجميع وشفافين.",
     "للفقرة 3 من المادة48", "id/bbnj/art/48.3"),
    ("ar", "يعتمدها مؤتمر الأطراف بموجب الفقرة 6 (هـ) من المادة.47. ويستمر سداد هذه المساهمات.",
     "الفقرة 6 (هـ) من المادة.47", "id/bbnj/art/47.6.e"),
    # a second paragraph and article start a citation of their own
    ("ar", "تطبق الأطراف الفقرة 1 من المادة 20 والفقرة 3 من المادة 24 من هذا الاتفاق بحسن نية.",
     "الفقرة 1 من المادة 20", "id/bbnj/art/20.1"),
    ("ar", "تطبق الأطراف الفقرة 1 من المادة 20 والفقرة 3 من المادة 24 من هذا الاتفاق بحسن نية.",
     "والفقرة 3 من المادة 24 من هذا الاتفاق", "id/bbnj/art/24.3"),
    # "of the same article": the article cited before it in the sentence
    ("ru", RU_TREATY + "превышены ли пороговые значения согласно статье 2, на основании факторов, изложенных в "
     "пункте 2 той же статьи;", "пункте 2 той же статьи", "id/bbnj/art/2.2"),
]


@pytest.mark.parametrize("lang,text,surface,target", CASES)
def test_form(cite, lang, text, surface, target):
    found = cite(text, "bbnj")
    assert (surface, target) in [(s, t) for s, _, t, _ in found], found


def test_a_title_qualifying_a_citation_is_no_citation_of_its_own(cite):
    found = cite("Стороны соблюдают статью 76 Конвенции Организации Объединенных Наций по морскому праву.", "bbnj")
    assert [t for _, _, t, _ in found] == ["id/unclos/art/76"], found


def test_the_same_article_is_not_the_article_it_stands_in(cite):
    """"пункт 2 той же статьи" never becomes paragraph 2 of the article the sentence stands in."""
    found = cite(RU_TREATY + "согласно статье 2, на основании факторов, изложенных в пункте 2 той же статьи;", "bbnj")
    assert "id/bbnj/art/3.2" not in [t for _, _, t, _ in found], found


def test_a_lost_annex_number_stays_unresolved(cite):
    """The Russian PDF's lost numerals ("Приложении ,,") are no annex: nothing is guessed."""
    found = cite(RU_TREATY + "критерии, указанные в Приложении ,, а также любые другие критерии.", "bbnj")
    assert not [t for _, _, t, _ in found if t and "/annex/" in t], found


def test_a_damaged_arabic_heading_is_no_citation(cite):
    """An article heading the OCR ran into a sentence ("يُنشأ المادة 5"), between the headings of articles 4
    and 6, is the heading of article 5, not a citation of it."""
    text = ("المادة 1 عام نص. المادة 2 آخر نص. المادة 3 ثالث نص. المادة 4 رابع نص. "
            "يُنشأ المادة 5 مؤتمر الأطراف بموجب هذا الاتفاق. المادة 6 سادس تنطبق المادة 4 على الأطراف.")
    targets = [t for _, _, t, _ in cite(text, "bbnj")]
    assert "id/bbnj/art/5" not in targets and "id/bbnj/art/4" in targets, targets


@pytest.mark.parametrize("written,value", [("i)", "i"), ("(ii)", "ii"), ("'1‘", "i"), ("'4'", "iv"), ("'١'", "i")])
def test_subpoint_numbers(written, value):
    assert subpoint_number(written) == value


def test_an_article_opening_the_text_after_a_run_in_title(cite):
    """"Декларации и заявления Статья 3 не препятствует": the title ends where an article number followed by a
    word in lower case opens the first sentence (as English "Declarations and statements Article 70 does not
    preclude"); a heading "Статья 4" alone on its line stays a heading."""
    text = RU_TREATY + "Текст.\n\nСтатья 4\nДекларации и заявления Статья 3 не препятствует государству сделать заявление.\n"
    found = [(s, t) for s, _, t, _ in cite(text, "bbnj")]
    assert ("Статья 3", "id/bbnj/art/3") in found, found
    assert [t for _, t in found if t in ("id/bbnj/art/3", "id/bbnj/art/4")] == ["id/bbnj/art/3"], found


def test_a_title_naming_an_article_in_its_own_words_stays_a_title():
    from treatygraph.ingest.layouts.treaty_lang import VOCABULARIES, title_end

    ru = VOCABULARIES["ru"]
    rest = "Декларации и заявления Статья 70 не препятствует государству"
    assert title_end(ru, rest) == rest.index(" Статья")
    assert title_end(ru, "Связь со Статьей 5 Конвенции") is None  # no article number opening a sentence
    assert title_end(ru, "Декларации Статья 70") is None  # a number, then nothing: no sentence opens
