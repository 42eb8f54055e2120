/**
 * The few words Copress itself prints on a document's pages (the PDF and the web version), in the document's
 * language. Apart from languages.ts so the editor, which needs none of them, does not load them (issue 12's weight
 * budget).
 */
/** The few words Copress itself prints on a document's pages, in the document's language (English when unknown). */
export interface PageWords {
  notes: string;
  contents: string;
  /** Before a section's content note ("Content note: …"). */
  contentNote: string;
  /** "Page 2 of 8". */
  pageOf: (page: number, total: number | undefined) => string;
}

const pageOf =
  (page: string, of: string) =>
  (n: number, total: number | undefined): string =>
    total === undefined ? `${page} ${n}` : `${page} ${n} ${of} ${total}`;

const PAGE_WORDS: Record<string, PageWords> = {
  en: { notes: "Notes", contents: "Contents", contentNote: "Content note:", pageOf: pageOf("Page", "of") },
  cy: { notes: "Nodiadau", contents: "Cynnwys", contentNote: "Nodyn cynnwys:", pageOf: pageOf("Tudalen", "o") },
  pl: {
    notes: "Notatki",
    contents: "Spis treści",
    contentNote: "Uwaga dotycząca treści:",
    pageOf: pageOf("Strona", "z"),
  },
  ro: {
    notes: "Note",
    contents: "Cuprins",
    contentNote: "Avertisment privind conținutul:",
    pageOf: pageOf("Pagina", "din"),
  },
  lt: {
    notes: "Pastabos",
    contents: "Turinys",
    contentNote: "Įspėjimas dėl turinio:",
    pageOf: pageOf("Puslapis", "iš"),
  },
  pt: { notes: "Notas", contents: "Índice", contentNote: "Aviso de conteúdo:", pageOf: pageOf("Página", "de") },
  es: { notes: "Notas", contents: "Índice", contentNote: "Aviso de contenido:", pageOf: pageOf("Página", "de") },
  fr: { notes: "Notes", contents: "Sommaire", contentNote: "Avertissement :", pageOf: pageOf("Page", "sur") },
  so: { notes: "Qoraallo", contents: "Tusmada", contentNote: "Digniin:", pageOf: pageOf("Bogga", "ee") },
  tr: { notes: "Notlar", contents: "İçindekiler", contentNote: "İçerik uyarısı:", pageOf: pageOf("Sayfa", "/") },
  ar: { notes: "ملاحظات", contents: "المحتويات", contentNote: "تنبيه بشأن المحتوى:", pageOf: pageOf("صفحة", "من") },
  ur: { notes: "نوٹس", contents: "فہرست", contentNote: "مواد کے بارے میں انتباہ:", pageOf: pageOf("صفحہ", "از") },
  fa: { notes: "یادداشت‌ها", contents: "فهرست مطالب", contentNote: "هشدار محتوا:", pageOf: pageOf("صفحه", "از") },
  he: { notes: "הערות", contents: "תוכן העניינים", contentNote: "אזהרת תוכן:", pageOf: pageOf("עמוד", "מתוך") },
};

export function pageWordsFor(code: string | undefined | null): PageWords {
  const primary = (code ?? "en").trim().toLowerCase().split("-")[0] ?? "en";
  return PAGE_WORDS[primary] ?? PAGE_WORDS.en!;
}
