/**
 * Checks: what stops a reader, found while people write (pure rules, browser and server) and before sign-off
 * (the same rules plus axe-core on the server). See check-document.ts for the pipeline and types.ts for the report.
 */
export * from "./types";
export {
  applyDismissals,
  assembleReport,
  blockingFindings,
  CHECK_ENGINE_VERSION,
  checkDocument,
  checkSection,
  checkSections,
  countBySeverity,
  mergeAxeFindings,
  SectionCheckCache,
  sortFindings,
  withFindingIds,
  type PureCheckOptions,
  type PureReport,
  type SectionCheck,
  type SectionResult,
} from "./check-document";
export { DEFAULT_WORD_LIST, phraseKey, wordListEntrySchema, type WordListEntry } from "./lived-experience-words";
export { fleschKincaidGrade, fleschReadingEase, parseReadingAge, scoresFromCounts } from "./readability-formulas";
export { RULE_NAMES, ruleName, SEVERITY_LABELS, SOURCE_LABELS } from "./labels";
