/**
 * One-tap fixes. A finding about some words (`target: "text"`, with a range) whose `suggestions` are words that can
 * stand in for them ("people who use drugs" for "addicts") can be fixed by replacing exactly its range. The Checks
 * panel offers that; the editor does it (app/editor/apply-fix.ts).
 */
import type { Finding } from "./types";

export function canReplace(finding: Pick<Finding, "target" | "range" | "text" | "suggestions">): boolean {
  return (
    finding.target === "text" &&
    finding.range !== null &&
    finding.text.length > 0 &&
    (finding.suggestions?.length ?? 0) > 0
  );
}
