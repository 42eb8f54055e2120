import type { SectionDiff } from "~/domain/document-diff";

/** Changed sections with their words marked added or removed (also spoken by screen readers). */
export function SectionDiffList({ sections, headingLevel = 3 }: { sections: SectionDiff[]; headingLevel?: 3 | 4 }) {
  const changed = sections.filter((s) => s.change !== "unchanged");
  if (changed.length === 0) return <p>No changes to the text.</p>;
  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <>
      {changed.map((section) => (
        <article key={section.sectionId} className="diff-section">
          <Heading>
            {section.title} <span className="tag">{sectionChangeLabel(section.change)}</span>
          </Heading>
          {section.previousTitle ? <p className="hint">Was called “{section.previousTitle}”.</p> : null}
          <p style={{ whiteSpace: "pre-wrap" }}>
            {section.parts.map((part, index) =>
              part.added ? (
                <ins key={index} className="diff-added">
                  <span className="visually-hidden">[added: </span>
                  {part.value}
                  <span className="visually-hidden">]</span>
                </ins>
              ) : part.removed ? (
                <del key={index} className="diff-removed">
                  <span className="visually-hidden">[removed: </span>
                  {part.value}
                  <span className="visually-hidden">]</span>
                </del>
              ) : (
                <span key={index}>{part.value}</span>
              ),
            )}
          </p>
        </article>
      ))}
    </>
  );
}

/** "New section", "Removed section" or "Changed": a section's change in a version comparison and on sign-off. */
export function sectionChangeLabel(change: SectionDiff["change"]): string {
  return change === "added" ? "New section" : change === "removed" ? "Removed section" : "Changed";
}
