/**
 * The first thing someone who has just joined sees, above the page they land on (the document they were invited
 * to, or the list of documents): a few plain steps for what they may do (app/domain/welcome.ts). "Got it" puts it
 * away for good (the address loses its `?welcome`) and takes them to the words or the page's title.
 */
import { useState } from "react";
import type { Welcome } from "~/domain/welcome";

export default function WelcomeBox({ welcome }: { welcome: Welcome }) {
  const [open, setOpen] = useState(true);
  if (!open) return null;
  const close = () => {
    setOpen(false);
    window.history.replaceState(window.history.state, "", window.location.pathname);
    const target = document.getElementById("document-text") ?? document.querySelector<HTMLElement>("h1");
    if (target && target.id !== "document-text") target.tabIndex = -1;
    target?.focus();
  };
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">{welcome.title}</h2>
      <p>{welcome.intro}</p>
      <ol>
        {welcome.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <button type="button" className="button" onClick={close}>
        Got it<span className="visually-hidden">: put this welcome away</span>
      </button>
    </section>
  );
}
