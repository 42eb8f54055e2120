/**
 * The order test files start in: the production recipe first (a fresh clone's install and build, the longest file,
 * and it needs nothing else), then the browser files, the integration files (SQLite, then PostgreSQL) and the unit
 * files — each project's files longest first, as Vitest orders them. Vitest's own order runs projects by name, which left the recipe
 * running alone at the end.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

const PROJECT_ORDER = ["production", "e2e", "cluster", "integration", "integration-postgres", "unit"];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = PROJECT_ORDER.indexOf(file.project.name);
      return index === -1 ? PROJECT_ORDER.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b)); // stable: keeps Vitest's order within a project
  }
}
