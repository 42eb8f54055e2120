/**
 * A real TipTap editor (with the app's own extensions) bound to a real y-websocket client, for integration tests
 * that run in a jsdom environment. This is the editor people use, minus the React wrapper.
 */
import { Editor } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import { CommentHighlights, refreshCommentHighlights } from "../../app/editor/comments";
import { OwnedSections } from "../../app/editor/owned-sections";
import { documentExtensions } from "../../app/editor/schema";
import { readOwnershipMode, type SectionEditor } from "../../app/domain/sections";
import { connect, waitForSync, type SyncClient } from "./clients";

export interface TestEditor extends SyncClient {
  editor: Editor;
  refusals: string[];
}

export async function openEditor(
  baseUrl: string,
  documentId: string,
  token: string,
  person: SectionEditor,
): Promise<TestEditor> {
  const client = connect(baseUrl, documentId, token);
  await waitForSync(client);
  const refusals: string[] = [];
  const editor = new Editor({
    element: document.createElement("div"),
    extensions: [
      ...documentExtensions(),
      Collaboration.configure({ document: client.doc, field: "content" }),
      CommentHighlights,
      OwnedSections.configure({
        person: () => person,
        mode: () => readOwnershipMode(client.doc.getMap("settings").get("ownershipMode")),
        onRefused: (section) => refusals.push(section.title),
      }),
    ],
  });
  // As the editor page does (useCommentThreads): a new or changed thread redraws the highlights.
  const comments = client.doc.getMap("comments");
  const onComments = () => {
    if (!editor.isDestroyed) refreshCommentHighlights(editor.view);
  };
  comments.observeDeep(onComments);
  return {
    ...client,
    editor,
    refusals,
    destroy() {
      comments.unobserveDeep(onComments);
      editor.destroy();
      client.destroy();
    },
  };
}

/** Position just inside the first text of the section with this title. */
export function textStartOf(editor: Editor, sectionTitle: string): number {
  let found = -1;
  editor.state.doc.forEach((section, offset) => {
    if (found >= 0 || section.attrs.title !== sectionTitle) return;
    section.descendants((node, pos) => {
      if (found >= 0) return false;
      if (node.isText) found = offset + 1 + pos;
      return true;
    });
  });
  if (found < 0) throw new Error(`No text in section ${sectionTitle}`);
  return found;
}

export function sectionText(editor: Editor, sectionTitle: string): string {
  let text = "";
  editor.state.doc.forEach((section) => {
    if (section.attrs.title === sectionTitle) text = section.textContent;
  });
  return text;
}
