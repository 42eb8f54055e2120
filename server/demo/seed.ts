import { randomUUID } from "node:crypto";
import type { Role } from "../../app/domain/permissions";
import type { Services } from "../context";
import { serializeOn } from "../db/database";
import { createDocumentRepository } from "../db/documents";
import { createUserRepository } from "../db/users";
import { createWorkspaceRepository } from "../db/workspaces";
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

/**
 * Creates the demo workspace on an empty database. Returns false (and does nothing) when anyone exists. Several
 * processes starting at once on one database seed it once: the check and the writes are one serialized transaction.
 */
export async function seedDemoData(services: Services): Promise<boolean> {
  const { repos, auth, documents, templates, db } = services;
  if ((await repos.users.countUsers()) > 0) return false;
  const passwordHash = await auth.hashPassword(DEMO_PASSWORD);
  const workspaceId = randomUUID();
  const ids = new Map<string, string>();
  return db.transaction().execute(async (trx) => {
    await serializeOn(trx, "demo-seed");
    const users = createUserRepository(trx);
    if ((await users.countUsers()) > 0) return false;
    const workspaces = createWorkspaceRepository(trx);
    const documentRows = createDocumentRepository(trx);
    await workspaces.createWorkspace(workspaceId, "Demo Charity");
    for (const person of demoPeople) {
      const userId = randomUUID();
      ids.set(person.username, userId);
      await users.createUser({ id: userId, username: person.username, displayName: person.displayName, passwordHash });
      await workspaces.addMember({
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
      await documents.insertDocument(
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
        documentRows,
      );
    }
    return true;
  });
}
