/**
 * Around a part of a page whose code is fetched later (a side panel, a dialog): if it cannot be fetched — the person
 * went offline before it came — the part says so in its place, and the rest of the page (the writing above all)
 * carries on. Without it, React would replace the whole page with the error page.
 */
import { Component, Suspense, type ReactNode } from "react";

interface PartBoundaryProps {
  /** What the part is, as the sentence needs it: "the sections list". */
  what: string;
  children: ReactNode;
}

export class PartBoundary extends Component<PartBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="hint" role="status">
        Copress couldn&apos;t fetch {this.props.what}: you may be offline. Your writing is kept. Reload the page when
        you are back online to see it.
      </p>
    );
  }
}

/**
 * A part whose code comes later: "Getting …" (`waiting`) until it is wanted and its code has come, then the part;
 * if its code cannot be fetched, it says so in its place (`PartBoundary`).
 */
export function LaterPart({
  what,
  waiting,
  wanted = true,
  children,
}: PartBoundaryProps & { waiting: string; wanted?: boolean }) {
  const placeholder = <p className="hint">{waiting}</p>;
  if (!wanted) return placeholder;
  return (
    <PartBoundary what={what}>
      <Suspense fallback={placeholder}>{children}</Suspense>
    </PartBoundary>
  );
}
