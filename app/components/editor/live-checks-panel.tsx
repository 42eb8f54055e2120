/**
 * The editor's Checks tab: the findings of the live checks and the reading-flow table. Not needed to start typing
 * (issue 12's weight budget), so the editor fetches it when the page is idle or the tab is first shown.
 */
import type { Editor } from "@tiptap/core";
import { useEffect, useMemo } from "react";
import { applyFix, removeHint } from "~/editor/apply-fix";
import { ChecksPanel, type ChecksPanelProps } from "../checks-panel";
import { FlowTable, flowRows } from "../flow-table";

export function LiveChecksPanel({
  editor,
  canFix,
  onReady,
  openSuggestions,
  report,
  personId,
  ...panel
}: Omit<ChecksPanelProps, "findings" | "sections" | "onReplace" | "yours" | "onRemoveHint"> & {
  editor: Editor;
  /** The person's sections (those they own) come first, counted apart. */
  personId: string;
  /** One-tap fixes change the words in the editor (people who may edit them). */
  canFix: boolean;
  /** Called once it is drawn (its code has arrived): the editor may move the focus to a finding in it. */
  onReady?: () => void;
  /** Open suggestions: the checks read the text as if they were accepted. */
  openSuggestions: number;
  report: { findings: ChecksPanelProps["findings"]; sections: ChecksPanelProps["sections"] } | null;
}) {
  // Read with each new report (the owners are in the text, which the report follows).
  const yours = useMemo(() => {
    const owned = new Set<string>();
    editor.state.doc.forEach((node) => {
      if (node.type.name === "section" && node.attrs.owner === personId) owned.add(String(node.attrs.id));
    });
    return owned;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [editor, personId, report]);
  useEffect(() => {
    onReady?.();
    // Once, when first drawn.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, []);
  return (
    <>
      {openSuggestions > 0 ? (
        <p className="notice">
          The checks read the text as if every open suggestion were accepted ({openSuggestions} open: see Suggestions).
          Words suggested for removal are not checked.
        </p>
      ) : null}
      <ChecksPanel
        findings={report?.findings ?? []}
        sections={report?.sections ?? []}
        onReplace={canFix ? (finding, replacement) => applyFix(editor, finding, replacement) : undefined}
        yours={yours}
        onRemoveHint={canFix ? (finding) => removeHint(editor, finding) : undefined}
        {...panel}
      />
      {report ? (
        <FlowTable rows={flowRows(editor.state.doc, report.sections, report.findings)} targetAge={panel.readingAge} />
      ) : null}
    </>
  );
}
