/**
 * What someone who has just joined is told first: a few plain steps for what their roles let them do, where they
 * landed (one document from a Share link, or the list of documents from a group invite). Shown once, above the page
 * they land on, until they put it away.
 */
import { capabilitiesOf, type Role } from "./permissions";
import { whoToAsk } from "./document-invites";

export interface Welcome {
  title: string;
  intro: string;
  steps: string[];
}

export interface WelcomeContext {
  name: string;
  workspaceName: string;
  /** The document they were invited to, when they landed on one. */
  documentTitle: string | null;
  /** The coordinators' names: whom to ask for what the person may not do. */
  coordinators: readonly string[];
}

export function welcomeFor(roles: readonly Role[], context: WelcomeContext): Welcome {
  const may = capabilitiesOf(roles);
  const steps: string[] = [];
  const onDocument = context.documentTitle !== null;
  if (!onDocument) steps.push("Below are the documents your group is working on. Open one to start.");
  if (may.has("content:edit")) {
    steps.push(
      "To write, tap or click in the text and type. What you write is saved for the whole group as you go: there is no Save button.",
      "Grey words are hints from the template. Write over them.",
      "A wavy line under words means a check has a tip for you. Tap the words to see it.",
    );
  }
  if (may.has("design:edit"))
    steps.push("Design, at the top of each document, is where you choose the layout, colours and fonts.");
  if (may.has("comment"))
    steps.push(
      may.has("content:edit")
        ? "To say something about some words without changing them, select them and choose Comment."
        : "To say something about some words, select them and choose Comment. To suggest different words, type in the text: it is shown as a suggestion for the writers to accept.",
    );
  if (may.has("approve:content"))
    steps.push(
      "When the group asks you to sign it off, you will find it under For you. You can approve it, or ask for changes in your own words.",
    );
  if (!may.has("content:edit") && !may.has("comment"))
    steps.push(`You can read the documents here. To change anything, ask ${whoToAsk(context.coordinators)}.`);
  steps.push("For you, at the top of every page, lists what is waiting for you.");
  return {
    title: `Welcome to ${context.workspaceName || "Copress"}, ${context.name}`,
    intro: onDocument ? `You're in “${context.documentTitle}”. Here is how to start:` : "Here is how to start:",
    steps,
  };
}
