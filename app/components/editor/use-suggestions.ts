/**
 * The editor's open suggestions as a list kept up to date, and taking or turning one down through the server: what
 * the editor needs from the start (the Suggestions tab's count, the keyboard shortcuts), apart from the tab's panel,
 * which is fetched later (issue 12's weight budget).
 */
import type { Editor } from "@tiptap/core";
import { startTransition, useEffect, useState } from "react";
import { callApi } from "~/api-client";
import { asSentence, suggestionSummary } from "~/domain/suggestions";
import { suggestionsInDoc, type SuggestionInText } from "~/editor/suggesting";

/** The open suggestions of the editor's document, kept up to date as anyone types. */
export function useSuggestions(editor: Editor | null): SuggestionInText[] {
  const [list, setList] = useState<SuggestionInText[]>(() => (editor ? suggestionsInDoc(editor.state.doc) : []));
  useEffect(() => {
    if (!editor) return;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (editor.isDestroyed) return;
        const next = suggestionsInDoc(editor.state.doc);
        // Typing elsewhere leaves the list as it was: the page is not drawn again for it, nor in the middle of typing
        // (a transition gives way to keys and taps).
        startTransition(() => setList((current) => (sameJson(current, next) ? current : next)));
      });
    };
    update();
    editor.on("update", update);
    return () => {
      cancelAnimationFrame(frame);
      editor.off("update", update);
    };
  }, [editor]);
  return list;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Takes or turns down a suggestion through the server. Resolves with what to say, or rejects with why not. */
export async function decideSuggestion(
  documentId: string,
  suggestion: SuggestionInText,
  decision: "accept" | "reject",
  nameOf: (id: string | null) => string | null,
  me: string | null = null,
): Promise<string> {
  await callApi("POST", `/api/documents/${documentId}/suggestions/${encodeURIComponent(suggestion.id)}`, {
    decision,
  });
  const whose = suggestion.authorId === me ? "your" : `${nameOf(suggestion.authorId) ?? "someone"}'s`;
  return `${decision === "accept" ? "Accepted" : "Rejected"} ${whose} suggestion: ${asSentence(suggestionSummary(suggestion))}`;
}
