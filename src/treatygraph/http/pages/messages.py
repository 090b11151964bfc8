"""The site's own words (headings, navigation, the pager) in the six UN languages: one catalogue.

Names and texts come from the graph in the reader's language
(:mod:`.labels`); what the site itself says comes from here. A template reads
``t.contents`` or, with numbers to put in, ``t.fmt("page_of", number=2, pages=5)``.
Every message is given in all six languages (a test checks it, and that every
word a template asks for is here); a missing one would fall back to English.
"""

from __future__ import annotations

from .language import DEFAULT, LANGUAGES

# key: (en, fr, es, ru, ar, zh)
_TABLE: dict[str, tuple[str, str, str, str, str, str]] = {
    # navigation and search
    "home": ("Home", "Accueil", "Inicio", "Главная", "الرئيسية", "首页"),
    "query": ("Query", "Requêtes", "Consultas", "Запросы", "الاستعلام", "查询"),
    "ontology": ("Ontology", "Ontologie", "Ontología", "Онтология", "الأنطولوجيا", "本体"),
    "sparql": ("SPARQL", "SPARQL", "SPARQL", "SPARQL", "SPARQL", "SPARQL"),
    "api": ("API", "API", "API", "API", "API", "API"),
    "site": ("Site", "Site", "Sitio", "Сайт", "الموقع", "网站"),
    "language": ("Language", "Langue", "Idioma", "Язык", "اللغة", "语言"),
    "search": ("Search", "Rechercher", "Buscar", "Поиск", "بحث", "搜索"),
    "search_label": ("Search: a citation, a name or words of the text",
                     "Rechercher : une citation, un nom ou des mots du texte",
                     "Buscar: una cita, un nombre o palabras del texto",
                     "Поиск: ссылка, название или слова текста",
                     "بحث: إشارة أو اسم أو كلمات من النص",
                     "搜索：引文、名称或正文中的词语"),
    # the pager
    "previous": ("‹ previous", "‹ précédente", "‹ anterior", "‹ предыдущая", "‹ السابقة", "‹ 上一页"),
    "next": ("next ›", "suivante ›", "siguiente ›", "следующая ›", "التالية ›", "下一页 ›"),
    "page_of": ("page {number} of {pages}", "page {number} sur {pages}", "página {number} de {pages}",
                "страница {number} из {pages}", "الصفحة {number} من {pages}", "第 {number} 页，共 {pages} 页"),
    "pages": ("Pages", "Pages", "Páginas", "Страницы", "الصفحات", "页"),
    # a resource's page
    "part_of": ("Part of", "Partie de", "Parte de", "Часть", "جزء من", "所属"),
    "contents": ("Contents", "Sommaire", "Índice", "Содержание", "المحتويات", "目录"),
    "cites": ("Cites", "Cite", "Cita", "Ссылается на", "يشير إلى", "引用"),
    "cites_list": ("cites:", "cite :", "cita:", "ссылается на:", "يشير إلى:", "引用："),
    "cited_by": ("Cited by", "Cité par", "Citado por", "Цитируется в", "مشار إليه في", "被引用"),
    "cited_by_summary": ("Cited by {sources} acts and documents ({parts} passages)",
                         "Cité par {sources} actes et documents ({parts} passages)",
                         "Citado por {sources} actos y documentos ({parts} pasajes)",
                         "Цитируется в {sources} актах и документах ({parts} фрагментов)",
                         "مشار إليه في {sources} من الصكوك والوثائق ({parts} من المقاطع)",
                         "被 {sources} 项文书和文件引用（{parts} 段）"),
    "bodies": ("Bodies", "Organes", "Órganos", "Органы", "الهيئات", "机构"),
    "body": ("Body", "Organe", "Órgano", "Орган", "الهيئة", "机构"),
    "sessions": ("Sessions", "Sessions", "Períodos de sesiones", "Сессии", "الدورات", "届会"),
    "session": ("Session", "Session", "Período de sesiones", "Сессия", "الدورة", "届会"),
    "place": ("Place", "Lieu", "Lugar", "Место", "المكان", "地点"),
    "dates": ("Dates", "Dates", "Fechas", "Даты", "التواريخ", "日期"),
    "year": ("Year", "Année", "Año", "Год", "السنة", "年份"),
    "acts": ("Acts", "Actes", "Actos", "Акты", "الصكوك", "文书"),
    "acts_adopted": ("Acts adopted", "Actes adoptés", "Actos aprobados", "Принятые акты", "الصكوك المعتمدة",
                     "通过的文书"),
    "acts_documents": ("Acts / documents", "Actes / documents", "Actos / documentos", "Акты / документы",
                       "الصكوك / الوثائق", "文书/文件"),
    "passages": ("Passages", "Passages", "Pasajes", "Фрагменты", "المقاطع", "段落"),
    "citations_in_context": ("Citations in context", "Citations en contexte", "Citas en contexto",
                             "Ссылки в контексте", "الإشارات في سياقها", "引文及其上下文"),
    "line": ("line", "ligne", "línea", "строка", "السطر", "行"),
    "quote": ("quote", "citation", "cita", "цитата", "الاقتباس", "引文"),
    "offsets": ("offsets", "positions", "posiciones", "позиции", "المواضع", "位置"),
    "data_and_links": ("Data: properties and links", "Données : propriétés et liens",
                       "Datos: propiedades y vínculos", "Данные: свойства и связи", "البيانات: الخصائص والروابط",
                       "数据：属性和链接"),
    "data": ("Data", "Données", "Datos", "Данные", "البيانات", "数据"),
    "export_subgraph": ("Export subgraph", "Exporter le sous-graphe", "Exportar el subgrafo",
                        "Экспорт подграфа", "تصدير الرسم الفرعي", "导出子图"),
    "properties": ("Properties", "Propriétés", "Propiedades", "Свойства", "الخصائص", "属性"),
    "linked_from": ("Linked from", "Liens entrants", "Vinculado desde", "Входящие ссылки", "مرتبط من", "链接来源"),
    "of": ("of", "de", "de", "для", "لـ", "的"),
    "neighbourhood": ("Neighbourhood", "Voisinage", "Entorno", "Окружение", "الجوار", "相邻资源"),
    "unresolved": ("unresolved", "non résolue", "sin resolver", "не распознана", "غير محددة", "未解析"),
    # the clause model and the decision network
    "clauses": ("Clauses", "Clauses", "Cláusulas", "Положения", "البنود", "条款"),
    "paragraph": ("Paragraph", "Paragraphe", "Párrafo", "Пункт", "الفقرة", "段"),
    "verb": ("Verb", "Verbe", "Verbo", "Глагол", "الفعل", "动词"),
    "addressees": ("Addressed to", "Destinataires", "Destinatarios", "Адресаты", "الجهات المخاطبة", "对象"),
    "object": ("Object", "Objet", "Objeto", "Предмет", "الموضوع", "内容"),
    "decision_network": ("Decision network", "Réseau des décisions", "Red de decisiones", "Сеть решений",
                         "شبكة المقررات", "决定网络"),
    "this_cites": ("Decisions this decision cites", "Décisions que cette décision cite",
                   "Decisiones que cita esta decisión", "Решения, на которые ссылается это решение",
                   "المقررات التي يشير إليها هذا المقرر", "本决定引用的决定"),
    "cited_by_later": ("Later decisions citing this one", "Décisions ultérieures qui la citent",
                       "Decisiones posteriores que la citan", "Последующие решения, ссылающиеся на это",
                       "المقررات اللاحقة التي تشير إليه", "引用本决定的后续决定"),
    "decision": ("Decision", "Décision", "Decisión", "Решение", "المقرر", "决定"),
    "function": ("Function", "Fonction", "Función", "Функция", "الوظيفة", "引用方式"),
    "in_paragraph": ("In", "Dans", "En", "В", "في", "所在段"),
    "citations_by_year": ("Citations by year", "Citations par année", "Citas por año", "Ссылки по годам",
                          "الإشارات حسب السنة", "按年份的引用"),
    "citations": ("Citations", "Citations", "Citas", "Ссылки", "الإشارات", "引用次数"),
    "same_as_table": ("The same as a table", "Les mêmes données en tableau", "Los mismos datos en una tabla",
                      "То же в виде таблицы", "البيانات نفسها في جدول", "同一数据的表格"),
    # the home page
    "by_instrument": ("By instrument", "Par instrument", "Por instrumento", "По документам", "حسب الصك", "按文书"),
    "instrument": ("Instrument", "Instrument", "Instrumento", "Документ", "الصك", "文书"),
    "provisions_with_text": ("Provisions with text", "Dispositions avec texte", "Disposiciones con texto",
                             "Положения с текстом", "أحكام لها نص", "有正文的条款"),
    "citations_received": ("Citations received", "Citations reçues", "Citas recibidas", "Полученные ссылки",
                           "الإشارات الواردة", "被引用次数"),
    "by_body": ("By body", "Par organe", "Por órgano", "По органам", "حسب الهيئة", "按机构"),
    "by_kind": ("By kind", "Par type", "Por tipo", "По видам", "حسب النوع", "按类型"),
    "kind": ("Kind", "Type", "Tipo", "Вид", "النوع", "类型"),
    "resources": ("Resources", "Ressources", "Recursos", "Ресурсы", "الموارد", "资源"),
    "interlinkages": ("Interlinkages", "Liens entre instruments", "Interrelaciones", "Взаимосвязи",
                      "الترابطات", "相互联系"),
    "where_to_start": ("Where to start", "Par où commencer", "Por dónde empezar", "С чего начать", "من أين تبدأ",
                       "从哪里开始"),
    "instruments": ("Instruments", "Instruments", "Instrumentos", "Документы", "الصكوك", "文书"),
    "liaison_groups": ("Liaison groups", "Groupes de liaison", "Grupos de enlace", "Контактные группы",
                       "أفرقة الاتصال", "联络小组"),
    "arrangements": ("Cooperation arrangements", "Accords de coopération", "Acuerdos de cooperación",
                     "Соглашения о сотрудничестве", "ترتيبات التعاون", "合作安排"),
    "documents_ingested": ("Ingested documents", "Documents lus", "Documentos incorporados",
                           "Загруженные документы", "الوثائق المدرجة", "已收录的文件"),
    "none_yet": ("none yet", "aucun pour l’instant", "ninguno todavía", "пока нет", "لا شيء بعد", "暂无"),
    # the search page
    "names": ("Names", "Noms", "Nombres", "Названия", "الأسماء", "名称"),
    "in_the_text": ("In the text", "Dans le texte", "En el texto", "В тексте", "في النص", "正文中"),
    "could_be": ("could be", "peut désigner", "puede ser", "может означать", "قد يعني", "可能是"),
    "no_name_match": ("No name matches “{q}”.", "Aucun nom ne correspond à « {q} ».",
                      "Ningún nombre coincide con «{q}».", "Нет названий, совпадающих с «{q}».",
                      "لا يوجد اسم يطابق «{q}».", "没有与“{q}”匹配的名称。"),
    "no_passage_match": ("No paragraph contains “{q}”.", "Aucun paragraphe ne contient « {q} ».",
                         "Ningún párrafo contiene «{q}».", "Ни один пункт не содержит «{q}».",
                         "لا توجد فقرة تحتوي على «{q}».", "没有段落包含“{q}”。"),
}
_ORDER = ("en", "fr", "es", "ru", "ar", "zh")
assert set(_ORDER) == set(LANGUAGES)

#: ``{key: {lang: text}}``: the catalogue.
MESSAGES: dict[str, dict[str, str]] = {key: dict(zip(_ORDER, row)) for key, row in _TABLE.items()}


class Words:
    """The catalogue in one language: ``words.contents``, ``words["contents"]``, ``words.fmt(key, **values)``."""

    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else DEFAULT

    def __getitem__(self, key: str) -> str:
        entry = MESSAGES[key]  # an unknown key is a programming error: fail loudly in tests
        return entry.get(self.lang) or entry[DEFAULT]

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError(f"no site word {key!r} in treatygraph.http.pages.messages") from None

    def fmt(self, key: str, **values) -> str:
        return self[key].format(**values)


def words(lang: str) -> Words:
    return Words(lang)


__all__ = ["MESSAGES", "Words", "words"]
