/**
 * The editor's open suggestions as a list kept up to date, and taking or turning one down through the server: what
 * the editor needs from the start (the Suggestions tab's count, the keyboard shortcuts), apart from the tab's panel,
 * which is fetched later (issue 12's weight budget).
 */
import type { Editor } from "@tiptap/core";
import { useEffect, useState } from "react";
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
        if (!editor.isDestroyed) setList(suggestionsInDoc(editor.state.doc));
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
