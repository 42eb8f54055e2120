/**
 * Small pictures for the toolbar's buttons. They only repeat the words on the button (which stay visible and are
 * the buttons' names), so they are hidden from screen readers.
 */
import type { ReactNode } from "react";

export type ToolIcon = "undo" | "bold" | "heading" | "list" | "link" | "comment" | "more";

const PATHS: Record<ToolIcon, ReactNode> = {
  undo: (
    <path
      d="M9 7H4V2M4.5 7.5A8 8 0 1 1 6 18"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  bold: (
    <path
      d="M7 4h6a4 4 0 0 1 0 8H7zm0 8h7a4 4 0 0 1 0 8H7z"
      fill="none"
      stroke="currentColor"
      strokeWidth="3"
      strokeLinejoin="round"
    />
  ),
  heading: <path d="M5 4v16M19 4v16M5 12h14" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />,
  list: (
    <>
      <circle cx="4.5" cy="6" r="2" fill="currentColor" />
      <circle cx="4.5" cy="12" r="2" fill="currentColor" />
      <circle cx="4.5" cy="18" r="2" fill="currentColor" />
      <path d="M10 6h11M10 12h11M10 18h11" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </>
  ),
  link: (
    <path
      d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4L11.8 5.8M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1.4-1.4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
    />
  ),
  comment: (
    <path d="M4 5h16v11H10l-5 4v-4H4z" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinejoin="round" />
  ),
  more: (
    <>
      <circle cx="5" cy="12" r="2.2" fill="currentColor" />
      <circle cx="12" cy="12" r="2.2" fill="currentColor" />
      <circle cx="19" cy="12" r="2.2" fill="currentColor" />
    </>
  ),
};

export function Icon({ name }: { name: ToolIcon }) {
  return (
    <svg
      className="toolbar-button__icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
