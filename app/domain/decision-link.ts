/**
 * A link to the sign-off page's "Raise a decision" form, filled in from the editor (a suggestion or a comment). Kept
 * apart from app/domain/decisions.ts so the editor page does not load that module's input rules.
 */
type Area = "content" | "design" | "lived-experience";

/**
 * The options of a decision raised about a suggestion. Decided with the first, the suggestion is taken; with the
 * second, it is turned down (server/services/decisions.ts).
 */
export const SUGGESTION_DECISION_OPTIONS = ["Take it", "Keep the words as they are"] as const;

/** The sign-off page's "Raise a decision" form, filled in (from a suggestion or a comment in the editor). */
export function raiseDecisionLink(
  documentId: string,
  raise: { question: string; area: Area; options: string[]; source: { kind: "comment" | "suggestion"; id: string } },
): string {
  const query = new URLSearchParams({ question: raise.question.slice(0, 300), area: raise.area });
  for (const option of raise.options) query.append("option", option.slice(0, 200));
  query.set("sourceKind", raise.source.kind);
  query.set("sourceId", raise.source.id);
  return `/documents/${documentId}/review?${query.toString()}#decisions`;
}
