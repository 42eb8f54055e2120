import { NavLink } from "@remix-run/react";

/** Links between the views of one document: write, design, checks, versions, sign-off. */
export function DocumentNav({ documentId }: { documentId: string }) {
  const links: Array<[string, string]> = [
    ["", "Write"],
    ["/design", "Design"],
    ["/checks", "Checks"],
    ["/versions", "Versions"],
    ["/export", "PDF"],
    ["/review", "Sign-off"],
  ];
  return (
    <nav aria-label="This document" className="document-nav">
      <ul>
        {links.map(([suffix, label]) => (
          <li key={label}>
            <NavLink to={`/documents/${documentId}${suffix}`} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
