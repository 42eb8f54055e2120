import { randomUUID } from "node:crypto";
import type { Role } from "../../app/domain/permissions";
import type { Services } from "../context";
import { demoDocuments } from "./demo-content";

export const DEMO_PASSWORD = "copress-demo";

const demoPeople: Array<{ username: string; displayName: string; roles: Role[]; livedExperience?: boolean }> = [
  { username: "cora", displayName: "Cora (coordinator)", roles: ["coordinator"] },
  { username: "wren", displayName: "Wren", roles: ["writer"] },
  { username: "will", displayName: "Will", roles: ["writer"] },
  { username: "dana", displayName: "Dana (designer)", roles: ["designer"] },
  { username: "abi", displayName: "Abi", roles: ["approver"], livedExperience: true },
  { username: "alex", displayName: "Alex", roles: ["approver"] },
  { username: "vic", displayName: "Vic", roles: ["viewer"] },
];

/** Creates the demo workspace on an empty database. Returns false (and does nothing) when anyone exists. */
export async function seedDemoData(services: Services): Promise<boolean> {
  const { repos, auth, documents, templates, db } = services;
  if (repos.users.countUsers() > 0) return false;
  const passwordHash = await auth.hashPassword(DEMO_PASSWORD);
  const workspaceId = randomUUID();
  const ids = new Map<string, string>();
  db.transaction(() => {
    repos.workspaces.createWorkspace(workspaceId, "Demo Charity");
    for (const person of demoPeople) {
      const userId = randomUUID();
      ids.set(person.username, userId);
      repos.users.createUser({ id: userId, username: person.username, displayName: person.displayName, passwordHash });
      repos.workspaces.addMember({
        id: randomUUID(),
        workspaceId,
        userId,
        roles: person.roles,
        livedExperience: person.livedExperience,
      });
    }
    for (const demo of demoDocuments) {
      const template = templates.get(demo.templateId);
      if (!template) throw new Error(`Demo document needs template ${demo.templateId}`);
      documents.insertDocument(
        workspaceId,
        ids.get("cora")!,
        demo.title,
        template,
        demo.sections.map((section) => ({
          title: section.title,
          owner: section.ownerUsername ? (ids.get(section.ownerUsername) ?? null) : null,
          status: section.status,
          contentNote: section.contentNote,
          blocks: section.blocks,
        })),
      );
    }
  })();
  return true;
}
