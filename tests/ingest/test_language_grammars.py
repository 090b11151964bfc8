"""The French, Spanish, Russian and Arabic grammars (and Chinese numerals) on invented sentences.

Each case: a sentence of a document whose home instrument is the BBNJ Agreement
(whose "Convention" is UNCLOS), the surface of one citation and its target.
"""

import pytest

from treatygraph.ingest.cite import numerals

CASES = {
    "fr": [
        ("Les États appliquent l’article 76 de la Convention dans leurs eaux.", "article 76 de la Convention",
         "id/unclos/art/76"),
        ("Les Parties respectent le paragraphe 2 de l’article 14 du présent Accord en tout temps.",
         "paragraphe 2 de l’article 14 du présent Accord", "id/bbnj/art/14.2"),
        ("Les États appliquent l’alinéa c) du paragraphe 1 de l’article 30 de la Convention dans ce cas.",
         "alinéa c) du paragraphe 1 de l’article 30 de la Convention", "id/unclos/art/30.1.c"),
        ("Les paragraphes 6 à 8 de l’article 287 de la Convention s’appliquent aux déclarations.", "8",
         "id/unclos/art/287.7"),
        ("Les différends sont réglés selon la partie XV de la Convention et pour les Parties.",
         "partie XV de la Convention", "id/unclos/part/XV"),
        ("La procédure est celle de l’annexe VII de la Convention pour les Parties.", "annexe VII de la Convention",
         "id/unclos/annex/VII"),
        ("Les Parties rappellent la décision 1/CP.21 et les travaux de la Conférence.", "décision 1/CP.21",
         "id/unfccc/decision/1-CP.21"),
    ],
    "es": [
        ("Los Estados aplicarán el artículo 76 de la Convención en sus aguas.", "artículo 76 de la Convención",
         "id/unclos/art/76"),
        ("El artículo 287, párrafos 6 a 8, de la Convención se aplicará a las declaraciones.", "8",
         "id/unclos/art/287.8"),
        ("Las Partes aplicarán los artículos 30 y 31 del presente Acuerdo con arreglo a la Convención.", "31",
         "id/bbnj/art/31"),
        ("Las Partes recuerdan la decisión 1/CP.21 y los trabajos de la Conferencia.", "decisión 1/CP.21",
         "id/unfccc/decision/1-CP.21"),
        ("Se aplicará el procedimiento del Anexo VII de la Convención a las Partes.", "Anexo VII de la Convención",
         "id/unclos/annex/VII"),
    ],
    "ru": [
        ("Государства применяют статью 76 Конвенции в своих водах и в открытом море.", "статью 76 Конвенции",
         "id/unclos/art/76"),
        ("Стороны соблюдают пункт 2 статьи 14 настоящего Соглашения во всех случаях.",
         "пункт 2 статьи 14 настоящего Соглашения", "id/bbnj/art/14.2"),
        ("К заявлениям применяются пункты 6–8 статьи 287 Конвенции в этом случае.", "8", "id/unclos/art/287.7"),
        ("Спор передается на арбитраж согласно Приложению VII к Конвенции, если стороны не договорятся.",
         "Приложению VII к Конвенции", "id/unclos/annex/VII"),
        ("Стороны ссылаются на решение 1/CP.21 и на работу Конференции Сторон.", "решение 1/CP.21",
         "id/unfccc/decision/1-CP.21"),
    ],
    "ar": [
        ("تطبق الدول المادة 76 من الاتفاقية في مياهها وفي أعالي البحار.", "المادة 76 من الاتفاقية",
         "id/unclos/art/76"),
        ("تطبق الدول المادة ٧٦ من الاتفاقية في مياهها وفي أعالي البحار.", "المادة ٧٦ من الاتفاقية",
         "id/unclos/art/76"),
        ("وتنطبق الفقرات 6 إلى 8 من المادة 287 من الاتفاقية على الإعلانات الصادرة.", "8", "id/unclos/art/287.7"),
        ("تحترم الأطراف الفقرة 2 من المادة 14 من هذا الاتفاق في جميع الأوقات.",
         "الفقرة 2 من المادة 14 من هذا الاتفاق", "id/bbnj/art/14.2"),
        ("تسوى المنازعات وفقا لأحكام الجزء الخامس عشر من الاتفاقية في جميع الحالات.",
         "الجزء الخامس عشر من الاتفاقية", "id/unclos/part/XV"),
        ("يخضع النزاع للتحكيم بموجب المرفق السابع من الاتفاقية ما لم تتفق الأطراف.",
         "المرفق السابع من الاتفاقية", "id/unclos/annex/VII"),
    ],
}


@pytest.mark.parametrize("lang,sentence,surface,target",
                         [(lang, *case) for lang, cases in CASES.items() for case in cases])
def test_language_form(cite, lang, sentence, surface, target):
    found = cite(sentence, "bbnj")
    # a range's middle items quote the range ("à 8" for 7 of "6 à 8"): the surface ends with the one given
    assert any(s.endswith(surface) and t == target for s, _, t, _ in found), found


def test_this_article_paragraph_is_internal(cite):
    """A paragraph of "this article" in a text that is no treaty: within the document, no citation out."""
    found = cite("Les Parties appliquent le paragraphe 2 du présent article en tout temps et en tout lieu.", "bbnj")
    assert all(k == "internal" for _, k, _, _ in found)


def test_a_definition_decides_the_short_name(cite):
    """“Convention” defined in the text as UNCLOS (the Use of terms of an agreement under it)."""
    text = ("Aux fins du présent Accord, on entend par « Convention » la Convention des Nations Unies sur le droit "
            "de la mer du 10 décembre 1982. Les États appliquent l’article 76 de la Convention dans leurs eaux.")
    found = cite(text, "bbnj")
    assert ("article 76 de la Convention", "id/unclos/art/76") in [(s, t) for s, _, t, _ in found]


@pytest.mark.parametrize("written,value", [("الأولى", 1), ("الخامس عشر", 15), ("الثانية عشرة", 12),
                                           ("الحادي والعشرون", 21), ("العاشر", 10)])
def test_arabic_ordinals(written, value):
    assert numerals.arabic_ordinal(written) == value


@pytest.mark.parametrize("written,letter", [("(ج)", "c"), ("(أ)", "a"), ("(هـ)", "e"), ("с", "c"), ("б)", "b"),
                                            ("c)", "c")])
def test_points_in_other_scripts(written, letter):
    assert numerals.point_letter(written) == letter


def test_arabic_indic_digits_keep_offsets():
    s = "المادة ٧٦ و ۱۲"
    assert numerals.fold_digits(s) == "المادة 76 و 12" and len(numerals.fold_digits(s)) == len(s)


def test_article_premier():
    assert numerals.word_number("premier") == "1" and numerals.word_number("٣") == "3"


ZH = [
    ("缔约方大会回顾第 XI/6 号和 XII/5 号决定，", "XII/5", "id/cbd/decision/XII-5", "cbd"),
    ("缔约方大会回顾第 XI/6 号和 XII/5 号决定，", "第 XI/6", "id/cbd/decision/XI-6", "cbd"),
    ("缔约方大会回顾第 VI/7 B 号和第 VII/3 A-C 号决定，", "VII/3", "id/cbd/decision/VII-3", "cbd"),
    # a list of points: the first item carries the prefix, a later item is its letter (gold convention)
    ("《条约》第12.3款a、b项规定", "《条约》第12.3款a", "id/itpgrfa/art/12.3.a", "itpgrfa"),
    ("《条约》第12.3款a、b项规定", "b", "id/itpgrfa/art/12.3.b", "itpgrfa"),
    ("回顾大会第 60/1 号决议，", "大会第 60/1 号决议", "id/unga/resolution/60-1", "cbd"),
    ("为实现爱知生物多样性目标 11 和 12，", "12", "id/aichi-targets/12", "cbd"),
    ("根据《公约》第二八七条接受的任何程序", "《公约》第二八七条", "id/unclos/art/287", "bbnj"),
    ("根据《公约》第十五部分第二节享有的管辖权", "《公约》第十五部分第二节", "id/unclos/part/XV/section/2", "bbnj"),
    ("根据《公约》第十五部分享有的管辖权", "《公约》第十五部分", "id/unclos/part/XV", "bbnj"),
    ("提交《公约》附件七所规定的仲裁。", "《公约》附件七", "id/unclos/annex/VII", "bbnj"),
    ("根据第四十七条第六款第（五）项通过的", "第四十七条第六款第（五）项", "id/bbnj/art/47.6.e", "bbnj"),
]


@pytest.mark.parametrize("sentence,surface,target,home", ZH)
def test_chinese_form(cite, sentence, surface, target, home):
    found = cite(sentence, home)
    assert any(s.endswith(surface) and t == target for s, _, t, _ in found), found


def test_chinese_digit_by_digit_numbers():
    from treatygraph.ingest.cite.common import chinese_number

    assert chinese_number("二八七") == 287 and chinese_number("二十五") == 25 and chinese_number("七") == 7


def test_chinese_paragraph_range_of_an_article(cite):
    found = cite("《公约》第二八七条第六款至第八款应适用于声明。", "bbnj")
    assert {t for _, _, t, _ in found} >= {"id/unclos/art/287.6", "id/unclos/art/287.7", "id/unclos/art/287.8"}


def test_chinese_annex_list_after_a_part(cite):
    found = cite("《公约》第十五部分和附件五、六、七和八的规定应视为被复制。", "bbnj")
    targets = {t for _, _, t, _ in found}
    assert {"id/unclos/part/XV", "id/unclos/annex/V", "id/unclos/annex/VIII"} <= targets
    assert "id/unclos/part/V" not in targets


@pytest.mark.parametrize("text,surface,target,home", [
    # the document's own definition wins over the home instrument's short name
    ("（五）“《公约》”是指一九八二年十二月十日《联合国海洋法公约》。\n各国适用《公约》第七十六条。", "《公约》第七十六条",
     "id/unclos/art/76", "cbd"),
    ("5. «Конвенция» означает Конвенцию Организации Объединенных Наций по морскому праву.\n"
     "Государства применяют статью 76 Конвенции в своих водах.", "статью 76 Конвенции", "id/unclos/art/76", "bbnj"),
    ("5. Por “Convención” se entiende la Convención de las Naciones Unidas sobre el Derecho del Mar.\n"
     "Los Estados aplicarán el artículo 76 de la Convención en sus aguas.", "artículo 76 de la Convención",
     "id/unclos/art/76", "bbnj"),
])
def test_use_of_terms_decides(cite, text, surface, target, home):
    found = cite(text, home)
    assert (surface, target) in [(s, t) for s, _, t, _ in found], found


def test_a_definition_naming_an_unknown_instrument_leaves_the_short_name_unresolved(cite):
    text = ("Aux fins du présent Accord, on entend par « Convention » la Convention sur les zones humides "
            "d’importance internationale. Les Parties appliquent l’article 3 de la Convention en tout temps.")
    found = cite(text, "bbnj")
    assert [(s, t) for s, _, t, _ in found if "article 3" in s] == [("article 3 de la Convention", None)], found


def test_a_pronoun_owner_is_the_instrument_its_sentence_names(cite):
    text = "Toute Partie qui est partie à la Convention en application de l’article 287 de celle-ci peut choisir."
    found = cite(text, "bbnj")
    assert ("article 287 de celle-ci", "id/unclos/art/287") in [(s, t) for s, _, t, _ in found], found


@pytest.mark.parametrize("text,surface,target", [
    ("Les seuils fixés à l’article 30 sont atteints, sur la base des facteurs énoncés au paragraphe 2 dudit article.",
     "paragraphe 2 dudit article", "id/bbnj/art/30.2"),
    ("Los umbrales del artículo 30 se alcanzan, sobre la base de los factores del párrafo 2 de dicho artículo.",
     "párrafo 2 de dicho artículo", "id/bbnj/art/30.2"),
])
def test_the_said_article(cite, text, surface, target):
    found = cite(text, "bbnj")
    assert (surface, target) in [(s, t) for s, _, t, _ in found], found


@pytest.mark.parametrize("text,surface,target", [
    ("Rappelant la résolution 72/249 de l’Assemblée générale, en date du 24 décembre 2017, les Parties",
     "résolution 72/249", "id/unga/resolution/72-249"),
    ("Recordando la resolución 72/249 de la Asamblea General, los Estados y las Partes en el presente Acuerdo",
     "resolución 72/249", "id/unga/resolution/72-249"),
    ("ссылаясь на резолюцию 72/249 Генеральной Ассамблеи от 24 декабря 2017 года, Стороны",
     "резолюцию 72/249", "id/unga/resolution/72-249"),
    ("وإذ تشير إلى قرار الجمعية العامة 72/249 المؤرخ 24 كانون الأول/ديسمبر 2017، فإن الأطراف",
     "قرار الجمعية العامة 72/249", "id/unga/resolution/72-249"),
])
def test_general_assembly_resolutions(cite, text, surface, target):
    found = cite(text, "bbnj")
    assert (surface, target) in [(s, t) for s, _, t, _ in found], found


def test_russian_word_broken_across_lines(cite):
    found = cite("Стороны действуют в соответствии со ста- тьей 14 настоящего Соглашения во всех случаях.", "bbnj")
    assert "id/bbnj/art/14" in [t for _, _, t, _ in found], found
