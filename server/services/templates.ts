import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { templateSchema, type Template } from "../../app/domain/template";

/** Reads and validates every `templates/*.json` at start-up; a broken template stops the server with its path. */
export function loadTemplates(directory: string): Map<string, Template> {
  const templates = new Map<string, Template>();
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const raw = JSON.parse(readFileSync(path.join(directory, file), "utf8")) as unknown;
    const parsed = templateSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `Template ${file} is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
    templates.set(parsed.data.id, parsed.data);
  }
  if (templates.size === 0) throw new Error(`No templates found in ${directory}`);
  return templates;
}
