import { describe, expect, it } from "vitest";
import { mentionedUsernames } from "../../../server/services/comments";
import {
  insertMention,
  matchingMembers,
  mentionedMembers,
  mentionQueryAt,
  toldSentence,
  type MentionMember,
} from "./mentions";

const members: MentionMember[] = [
  { id: "u-cora", name: "Cora (coordinator)", username: "cora" },
  { id: "u-wren", name: "Wren", username: "wren" },
  { id: "u-will", name: "Will", username: "will" },
  { id: "u-abi", name: "Abi", username: "abi" },
  { id: "u-alex", name: "Alex Green", username: "agreen" },
];

describe("mentionQueryAt", () => {
  it("finds the name being typed after an @ at the start, after a space or a bracket", () => {
    expect(mentionQueryAt("@wi", 3)).toEqual({ start: 0, query: "wi" });
    expect(mentionQueryAt("Ask @", 5)).toEqual({ start: 4, query: "" });
    expect(mentionQueryAt("(see @ab", 8)).toEqual({ start: 5, query: "ab" });
  });

  it("ignores email addresses, finished mentions and text after the caret", () => {
    expect(mentionQueryAt("help@charity", 12)).toBeNull();
    expect(mentionQueryAt("@will please", 12)).toBeNull();
    expect(mentionQueryAt("@wi and more", 12)).toBeNull();
    expect(mentionQueryAt("@wi and more", 3)).toEqual({ start: 0, query: "wi" });
  });
});

describe("matchingMembers", () => {
  it("offers usernames that start with the query first, then names, and never the writer", () => {
    expect(matchingMembers(members, "w", "u-wren").map((m) => m.username)).toEqual(["will"]);
    expect(matchingMembers(members, "", "u-wren").map((m) => m.username)).toEqual(["abi", "agreen", "cora", "will"]);
    expect(matchingMembers(members, "gre", "u-wren").map((m) => m.username)).toEqual(["agreen"]); // a later word of the name
    expect(matchingMembers(members, "ALE", "u-wren").map((m) => m.username)).toEqual(["agreen"]);
    expect(matchingMembers(members, "zz", "u-wren")).toEqual([]);
  });

  it("offers at most the limit", () => {
    expect(matchingMembers(members, "", "nobody", 2)).toHaveLength(2);
  });
});

describe("insertMention", () => {
  it("replaces the typed part with @username and a space, and puts the caret after it", () => {
    const text = "Could you check, @wi";
    const result = insertMention(text, mentionQueryAt(text, text.length)!, text.length, "will");
    expect(result).toEqual({ text: "Could you check, @will ", caret: 23 });
  });

  it("replaces the rest of a half-typed name after the caret without doubling the space", () => {
    const text = "Hi @wiXX please";
    const result = insertMention(text, mentionQueryAt(text, 6)!, 6, "will");
    expect(result.text).toBe("Hi @will please");
    expect(result.caret).toBe(9);
  });

  it("writes what the server reads as a mention", () => {
    const text = "@ab";
    const { text: written } = insertMention(text, mentionQueryAt(text, 3)!, 3, "abi");
    expect(mentionedUsernames(`${written}can you look?`)).toEqual(["abi"]);
  });
});

describe("mentionedMembers and toldSentence", () => {
  it("names the members a comment mentions, in the order written, as the server would find them", () => {
    const text = "@will and @abi, and @nobody, not me @wren, email x@cora.org";
    expect(mentionedMembers(text, members, "u-wren").map((m) => m.name)).toEqual(["Will", "Abi"]);
    expect(mentionedUsernames(text)).toEqual(expect.arrayContaining(["will", "abi"]));
    expect(toldSentence(["Will"])).toBe("Will has been told.");
    expect(toldSentence(["Will", "Abi"])).toBe("Will and Abi have been told.");
    expect(toldSentence(["Will", "Abi", "Cora"])).toBe("Will, Abi and Cora have been told.");
    expect(toldSentence([])).toBe("");
  });
});
