/**
 * What the editor says, politely, to people using screen readers about who is here and who is writing where.
 * Pure, so every sentence is tested; none of them may come out with an empty name or title ("editing “”").
 */
export interface PresentPerson {
  id: string;
  name: string;
}

function list(names: readonly string[], joiner = "and"): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} ${joiner} ${names[names.length - 1]}`;
}

/** "Will joined.", "Cora left.", "Will and Abi joined. Cora left." — or null when nobody came or went. */
export function arrivalsNews(
  before: readonly PresentPerson[],
  after: readonly PresentPerson[],
  meId: string,
): string | null {
  const had = new Set(before.map((p) => p.id));
  const has = new Set(after.map((p) => p.id));
  const named = (p: PresentPerson) => p.id !== meId && p.name.trim().length > 0;
  const joined = after.filter((p) => named(p) && !had.has(p.id)).map((p) => p.name.trim());
  const left = before.filter((p) => named(p) && !has.has(p.id)).map((p) => p.name.trim());
  const parts = [joined.length ? `${list(joined)} joined.` : null, left.length ? `${list(left)} left.` : null].filter(
    Boolean,
  );
  if (parts.length === 0) return null;
  const others = after.filter((p) => p.id !== meId);
  return `${parts.join(" ")}${others.length === 0 ? " You're the only one here now." : ""}`;
}

/**
 * "Will is editing “Your home”.", "Will is editing a section without a title.", "Someone else is editing “Your
 * home” and “Contact us”." — `editors` are the people whose cursor is in those sections (from presence).
 */
export function editingNews(
  editors: readonly string[],
  sectionTitles: readonly string[],
  /** Only suggestions changed there: "Abi is suggesting changes in “Your home”." */
  suggesting = false,
): string | null {
  if (sectionTitles.length === 0) return null;
  const who = editors.filter((name) => name.trim()).map((name) => name.trim());
  const subject = who.length === 0 ? "Someone else is" : `${list(who)} ${who.length === 1 ? "is" : "are"}`;
  const titled = sectionTitles.map((title) => title.trim()).filter(Boolean);
  const untitled = sectionTitles.length - titled.length;
  const places = [
    ...titled.map((title) => `“${title}”`),
    ...(untitled === 1 ? ["a section without a title"] : untitled > 1 ? [`${untitled} sections without titles`] : []),
  ];
  return suggesting ? `${subject} suggesting changes in ${list(places)}.` : `${subject} editing ${list(places)}.`;
}
