/**
 * The starter list of words that many people with lived experience find stigmatising, with kinder words to use
 * and where the advice comes from. Each workspace gets its own editable copy (coordinators change it on the
 * "Word list" page); this list is only where a new workspace starts.
 *
 * Sources are named so a coordinator can judge an entry. Where we know of no published UK guidance for an entry,
 * the source says so plainly ("Copress starter list …") so the workspace's lived-experience panel can decide.
 */
import * as z from "zod/mini"; // small in the browser (issue 12); mixes with full Zod on the server

export interface WordListEntry {
  /** The words to look for, matched as whole words, any capitals (e.g. "addicts", "the homeless"). */
  phrase: string;
  /** What to say instead. */
  suggestion: string;
  /** Why, in plain words. */
  reason: string;
  /** Where the advice comes from. */
  source: string;
}

const SDF = "Scottish Drugs Forum, “Moving beyond ‘people-first’ language” (2020)";
const SAMARITANS = "Samaritans, Media guidelines for reporting suicide (2020)";
const DOMESTIC_ABUSE_ACT = "Domestic Abuse Act 2021 (UK Parliament) and Women’s Aid";
const GOV_UK_DISABILITY = "GOV.UK, “Inclusive language: words to use and avoid when writing about disability”";
const TLAP = "Think Local Act Personal (TLAP), Making it Real";
const CRISIS = "Crisis and the FrameWorks Institute, “Talking about homelessness” (2018)";
const TIME_TO_CHANGE = "Time to Change (Mind and Rethink Mental Illness), media guidance";
const STARTER = "Copress starter list (person-first language) — ask your lived experience panel";

export const DEFAULT_WORD_LIST: readonly WordListEntry[] = [
  {
    phrase: "addict",
    // Not "person who uses drugs": the addiction may be to alcohol or gambling (second review of issue 12).
    suggestion: "person with an addiction",
    reason: "It defines a whole person by an addiction, whether to drugs, alcohol or gambling.",
    source: SDF,
  },
  {
    phrase: "addicts",
    suggestion: "people with an addiction",
    reason: "It defines whole people by an addiction, whether to drugs, alcohol or gambling.",
    source: SDF,
  },
  {
    phrase: "junkie",
    suggestion: "person who uses drugs",
    reason: "It is an insult, and it defines a person by their drug use.",
    source: SDF,
  },
  {
    phrase: "junkies",
    suggestion: "people who use drugs",
    reason: "It is an insult, and it defines people by their drug use.",
    source: SDF,
  },
  {
    phrase: "drug abuser",
    suggestion: "person who uses drugs",
    reason: "“Abuser” suggests blame and moral failing.",
    source: SDF,
  },
  {
    phrase: "drug abusers",
    suggestion: "people who use drugs",
    reason: "“Abuser” suggests blame and moral failing.",
    source: SDF,
  },
  {
    phrase: "substance abuse",
    suggestion: "drug or alcohol use",
    reason: "“Abuse” suggests blame and moral failing.",
    source: SDF,
  },
  {
    phrase: "offender",
    suggestion: "person with a criminal record",
    reason: "It defines a person by something they did in the past.",
    source: STARTER,
  },
  {
    phrase: "offenders",
    suggestion: "people with a criminal record",
    reason: "It defines people by something they did in the past.",
    source: STARTER,
  },
  {
    phrase: "ex-offender",
    suggestion: "person with a conviction",
    reason: "It keeps defining a person by their past.",
    source: STARTER,
  },
  {
    phrase: "ex-offenders",
    suggestion: "people with convictions",
    reason: "It keeps defining people by their past.",
    source: STARTER,
  },
  {
    phrase: "the homeless",
    suggestion: "people experiencing homelessness",
    reason: "Homelessness is something that happens to people, not who they are.",
    source: CRISIS,
  },
  {
    phrase: "domestic violence",
    suggestion: "domestic abuse",
    reason:
      "Abuse is not only violence: it includes coercive control and economic abuse. UK law now says “domestic abuse”.",
    source: DOMESTIC_ABUSE_ACT,
  },
  {
    phrase: "committed suicide",
    suggestion: "died by suicide",
    reason: "“Commit” links suicide to a crime. Suicide has not been a crime since 1961.",
    source: SAMARITANS,
  },
  {
    phrase: "commit suicide",
    suggestion: "die by suicide",
    reason: "“Commit” links suicide to a crime. Suicide has not been a crime since 1961.",
    source: SAMARITANS,
  },
  {
    phrase: "commits suicide",
    suggestion: "dies by suicide",
    reason: "“Commit” links suicide to a crime. Suicide has not been a crime since 1961.",
    source: SAMARITANS,
  },
  {
    phrase: "successful suicide",
    suggestion: "died by suicide",
    reason: "A death is never a success.",
    source: SAMARITANS,
  },
  {
    phrase: "failed suicide",
    suggestion: "survived a suicide attempt",
    reason: "Surviving is never a failure.",
    source: SAMARITANS,
  },
  {
    phrase: "service user",
    suggestion: "person who draws on support",
    reason: "It describes a person only by the service they use.",
    source: TLAP,
  },
  {
    phrase: "service users",
    suggestion: "people who draw on support",
    reason: "It describes people only by the service they use.",
    source: TLAP,
  },
  {
    phrase: "the mentally ill",
    suggestion: "people with mental health problems",
    reason: "It turns people into a label.",
    source: TIME_TO_CHANGE,
  },
  {
    phrase: "suffers from",
    suggestion: "has",
    reason: "It assumes a person's life is only suffering.",
    source: GOV_UK_DISABILITY,
  },
  {
    phrase: "suffering from",
    suggestion: "living with",
    reason: "It assumes a person's life is only suffering.",
    source: GOV_UK_DISABILITY,
  },
  {
    phrase: "wheelchair-bound",
    suggestion: "wheelchair user",
    reason: "A wheelchair gives freedom; nobody is tied to it.",
    source: GOV_UK_DISABILITY,
  },
  {
    phrase: "confined to a wheelchair",
    suggestion: "uses a wheelchair",
    reason: "A wheelchair gives freedom; nobody is confined by it.",
    source: GOV_UK_DISABILITY,
  },
  {
    phrase: "the disabled",
    suggestion: "disabled people",
    reason: "It turns people into a group label.",
    source: GOV_UK_DISABILITY,
  },
  {
    phrase: "handicapped",
    suggestion: "disabled",
    reason: "Many disabled people find this word outdated and offensive.",
    source: GOV_UK_DISABILITY,
  },
  {
    phrase: "prostitute",
    suggestion: "person who sells sex",
    reason: "It defines a person by one part of their life.",
    source: STARTER,
  },
  {
    phrase: "prostitutes",
    suggestion: "people who sell sex",
    reason: "It defines people by one part of their life.",
    source: STARTER,
  },
  {
    phrase: "illegal immigrant",
    suggestion: "person without immigration status",
    reason: "A person cannot be illegal.",
    source: STARTER,
  },
  {
    phrase: "illegal immigrants",
    suggestion: "people without immigration status",
    reason: "A person cannot be illegal.",
    source: STARTER,
  },
  {
    phrase: "hard to reach",
    suggestion: "people services do not reach",
    reason: "It blames people for being missed by services.",
    source: STARTER,
  },
];

const phrasePattern = /^[\p{L}\p{N}' -]+$/u;

export const wordListEntrySchema = z.object({
  phrase: z.pipe(
    z
      .string({ error: "Type the words to look for." })
      .check(
        z.trim(),
        z.minLength(2, "Type the words to look for (at least 2 letters)."),
        z.maxLength(60, "Keep the words to look for under 60 characters."),
        z.regex(phrasePattern, "Use only letters, numbers, spaces, hyphens and apostrophes in the words to look for."),
      ),
    z.transform((value: string) => value.replace(/\s+/g, " ")),
  ),
  suggestion: z
    .string({ error: "Say what to use instead." })
    .check(
      z.trim(),
      z.minLength(1, "Say what to use instead."),
      z.maxLength(120, "Keep what to use instead under 120 characters."),
    ),
  reason: z._default(z.string().check(z.trim(), z.maxLength(300, "Keep the reason under 300 characters.")), ""),
  source: z
    .string({ error: "Say where this advice comes from." })
    .check(
      z.trim(),
      z.minLength(1, "Say where this advice comes from, for example “Our lived experience panel, May 2026”."),
      z.maxLength(200, "Keep the source under 200 characters."),
    ),
});

/** Lower-case, single-spaced: two entries with the same key look for the same words. */
export function phraseKey(phrase: string): string {
  return phrase.trim().toLowerCase().replace(/\s+/g, " ");
}
