/**
 * @mentions in comment boxes: what is being typed after an "@", which members match it, and the text once one is
 * picked. Pure, so it is tested directly. The server finds the same `@username`s in what is sent and notifies those
 * people (server/services/comments.ts `mentionedUsernames`), so the pattern here must stay within its pattern.
 */
export interface MentionMember {
  id: string;
  name: string;
  username: string;
  /** Taking a break until then (ISO 8601). */
  awayUntil?: string;
}

export interface MentionQuery {
  /** Index of the "@". */
  start: number;
  /** What has been typed after it, so far. */
  query: string;
}

/** The mention being typed just before the caret, if any: an "@" at the start or after a space or "(". */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|[\s(])@([A-Za-z0-9._-]{0,40})$/.exec(before);
  if (!match) return null;
  return { start: before.length - match[2]!.length - 1, query: match[2]! };
}

/**
 * Members whose username or name starts (or has a word starting) with the query, best first: usernames that start
 * with it, then names. The person writing is left out (mentioning yourself tells nobody).
 */
export function matchingMembers(
  members: readonly MentionMember[],
  query: string,
  meId: string,
  limit = 6,
): MentionMember[] {
  const q = query.toLowerCase();
  const score = (member: MentionMember): number => {
    const username = member.username.toLowerCase();
    const name = member.name.toLowerCase();
    if (username.startsWith(q)) return 0;
    if (name.startsWith(q)) return 1;
    if (name.split(/\s+/).some((word) => word.startsWith(q))) return 2;
    if (q.length >= 2 && (username.includes(q) || name.includes(q))) return 3;
    return -1;
  };
  return members
    .filter((member) => member.id !== meId && member.username)
    .map((member) => ({ member, score: score(member) }))
    .filter((entry) => entry.score >= 0)
    .sort((a, b) => a.score - b.score || a.member.name.localeCompare(b.member.name, "en-GB"))
    .slice(0, limit)
    .map((entry) => entry.member);
}

/** The text with "@query" replaced by "@username " and where the caret goes after it. */
export function insertMention(
  text: string,
  mention: MentionQuery,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const inserted = `@${username} `;
  const after = text
    .slice(caret)
    .replace(/^[A-Za-z0-9._-]*/, "")
    .replace(/^ /, "");
  return { text: `${text.slice(0, mention.start)}${inserted}${after}`, caret: mention.start + inserted.length };
}

/** The members a text mentions as `@username` (as the server will read it), in the order written, without the writer. */
export function mentionedMembers(text: string, members: readonly MentionMember[], meId: string): MentionMember[] {
  const found: MentionMember[] = [];
  for (const match of text.matchAll(/(^|[\s(])@([A-Za-z0-9._-]{2,40})/g)) {
    const username = match[2]!.toLowerCase().replace(/[._-]+$/, "");
    const member = members.find((m) => m.id !== meId && m.username.toLowerCase() === username);
    if (member && !found.includes(member)) found.push(member);
  }
  return found;
}

/** "Will has been told." / "Will and Abi have been told." */
export function toldSentence(names: readonly string[]): string {
  if (names.length === 0) return "";
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? "has" : "have"} been told.`;
}
