/**
 * Sections, Checks, Comments and Suggestions (and, in a translation, its original). On a wide screen, tabs in a column beside the text. On a phone (or a zoomed-in
 * window) the text comes first: a short bar at the bottom of the screen ("Sections · Checks (3) · Comments (1)")
 * opens the same tabs in a sheet that slides over the lower part of the screen, with "Close" (and Escape).
 * The page also opens it on a finding or a comment when someone taps the underlined words.
 */
import type { ReactNode } from "react";
import { EditorDialog } from "./editor-dialog";

export const SIDE_PANELS = ["sections", "checks", "comments", "suggestions", "source"] as const;
export type SidePanel = (typeof SIDE_PANELS)[number];
/** Every document has these; a translation also has "source" (its original, beside the text). */
export const USUAL_PANELS: readonly SidePanel[] = ["sections", "checks", "comments", "suggestions"];
const LABELS: Record<SidePanel, string> = {
  sections: "Sections",
  checks: "Checks",
  comments: "Comments",
  suggestions: "Suggestions",
  source: "Original",
};

interface SidePanelsProps {
  small: boolean;
  /** The tabs shown, in order (default: `USUAL_PANELS`). */
  panels?: readonly SidePanel[];
  /** Tab names other than the usual ones (a translation's "source" tab is named after the original's language). */
  labels?: Partial<Record<SidePanel, string>>;
  panel: SidePanel;
  onPanelChange: (panel: SidePanel) => void;
  /** How many findings and open comments there are (null: not known yet). */
  counts: Record<SidePanel, number | null>;
  /** Phone only: whether the sheet is open. */
  sheetOpen: boolean;
  onOpenSheet: (panel: SidePanel) => void;
  onCloseSheet: () => void;
  /** Phone only: where the focus goes when the sheet has closed. */
  afterSheetClosed: () => void;
  /** Phone only: what takes the focus when the sheet opens (else the chosen tab). */
  sheetFocus: () => HTMLElement | null | undefined;
  children: (panel: SidePanel) => ReactNode;
}

/** "Checks (3)", "Comments (1)"; no count for sections, nor for comments when there are none. */
function label(panel: SidePanel, counts: SidePanelsProps["counts"], labels: SidePanelsProps["labels"]) {
  const count = counts[panel];
  const shown = count !== null && !((panel === "comments" || panel === "suggestions") && count === 0);
  return (
    <>
      {labels?.[panel] ?? LABELS[panel]}
      {shown ? <span className="tab__count"> ({count})</span> : null}
    </>
  );
}

function Tabs({
  panel,
  onPanelChange,
  counts,
  children,
  panels = USUAL_PANELS,
  labels,
}: Pick<SidePanelsProps, "panel" | "onPanelChange" | "counts" | "children" | "panels" | "labels">) {
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Side panel">
        {panels.map((each) => (
          <button
            key={each}
            type="button"
            role="tab"
            id={`tab-${each}`}
            aria-selected={panel === each}
            aria-controls={`panel-${each}`}
            tabIndex={panel === each ? 0 : -1}
            className="tab"
            onClick={() => onPanelChange(each)}
            onKeyDown={(event) => {
              if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
                event.preventDefault();
                const index = panels.indexOf(each) + (event.key === "ArrowRight" ? 1 : -1);
                const next = panels[(index + panels.length) % panels.length]!;
                onPanelChange(next);
                document.getElementById(`tab-${next}`)?.focus();
              }
            }}
          >
            {label(each, counts, labels)}
          </button>
        ))}
      </div>
      {panels.map((each) => (
        <div
          key={each}
          role="tabpanel"
          id={`panel-${each}`}
          aria-labelledby={`tab-${each}`}
          hidden={panel !== each}
          className="side-tabpanel"
        >
          {children(each)}
        </div>
      ))}
    </>
  );
}

export function SidePanels(props: SidePanelsProps) {
  const { small, panel, counts, sheetOpen, onOpenSheet, onCloseSheet, afterSheetClosed, sheetFocus, labels } = props;
  const panels = props.panels ?? USUAL_PANELS;
  if (!small) {
    return (
      <aside className="editor-side" aria-label="Sections, checks, comments and suggestions">
        <Tabs {...props} />
      </aside>
    );
  }
  return (
    <>
      <nav className="panel-bar" aria-label="Sections, checks, comments and suggestions">
        {panels.map((each) => (
          <button
            key={each}
            type="button"
            className="panel-bar__button"
            id={`open-${each}`}
            aria-haspopup="dialog"
            aria-expanded={sheetOpen && panel === each}
            onClick={() => onOpenSheet(each)}
          >
            {label(each, counts, labels)}
          </button>
        ))}
      </nav>
      <EditorDialog
        open={sheetOpen}
        onClose={onCloseSheet}
        labelledBy={`tab-${panel}`}
        className="sheet"
        returnFocus={afterSheetClosed}
        initialFocus={() => sheetFocus() ?? document.getElementById(`tab-${panel}`)}
      >
        <div className="sheet__top">
          <span className="sheet__handle" aria-hidden="true" />
          <button type="button" className="button button--secondary button--small sheet__close" onClick={onCloseSheet}>
            Close
          </button>
        </div>
        <div className="sheet__body">
          <Tabs {...props} />
        </div>
      </EditorDialog>
    </>
  );
}
