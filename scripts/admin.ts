/**
 * Administration from the command line, for setting up a real (non-demo) installation:
 *
 *   npm run admin -- create-workspace --workspace "Our Charity" --username cora --name "Cora" --password "…"
 *
 * makes a workspace with its first coordinator, who then invites everyone else from the Members page.
 *
 *   npm run admin -- move-to-postgres --to postgres://user:password@host:5432/database
 *
 * copies the SQLite installation in DATA_DIR into an empty PostgreSQL database and proves the copy
 * (scripts/move-to-postgres.ts). Without --to, DATABASE_URL is the target.
 */
import { hash } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { readConfig } from "../server/config";
import { openDatabase } from "../server/db/database";
import { createUserRepository } from "../server/db/users";
import { createWorkspaceRepository } from "../server/db/workspaces";
import { newAccountInput } from "../server/services/members";
import { moveToPostgres } from "./move-to-postgres";

const [command, ...rest] = process.argv.slice(2);

async function createWorkspace(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      workspace: { type: "string" },
      username: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
    },
  });
  if (!values.workspace?.trim()) throw new Error("Give the workspace a name with --workspace.");
  const account = newAccountInput.safeParse({
    username: values.username,
    displayName: values.name ?? values.username,
    password: values.password,
  });
  if (!account.success) throw new Error(account.error.issues.map((issue) => issue.message).join("\n"));
  const config = readConfig();
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL });
  try {
    if (await createUserRepository(database.db).findUserByUsername(account.data.username))
      throw new Error(`The username ${account.data.username} is taken.`);
    const passwordHash = await hash(account.data.password);
    const workspaceId = randomUUID();
    const userId = randomUUID();
    // All three or none: repositories made on the transaction write through it.
    await database.db.transaction().execute(async (trx) => {
      const workspaces = createWorkspaceRepository(trx);
      await workspaces.createWorkspace(workspaceId, values.workspace!.trim());
      await createUserRepository(trx).createUser({
        id: userId,
        username: account.data.username,
        displayName: account.data.displayName,
        passwordHash,
      });
      await workspaces.addMember({ id: randomUUID(), workspaceId, userId, roles: ["coordinator"] });
    });
  } finally {
    await database.close();
  }
  console.log(`Made the workspace "${values.workspace.trim()}" with ${account.data.username} as its coordinator.`);
}

async function moveToPostgresCommand(args: string[]) {
  const { values } = parseArgs({ args, options: { to: { type: "string" } } });
  const config = readConfig();
  const url = values.to ?? config.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url))
    throw new Error("Say where to move to: --to postgres://user:password@host:5432/database (or set DATABASE_URL).");
  await moveToPostgres(config.dataDir, url);
  console.log("Done. Start Copress with DATABASE_URL set to that database; keep the SQLite file as a backup.");
}

try {
  if (command === "create-workspace") await createWorkspace(rest);
  else if (command === "move-to-postgres") await moveToPostgresCommand(rest);
  else {
    console.log(
      'Usage:\n  npm run admin -- create-workspace --workspace "Name" --username NAME --name "Shown name" --password PASSWORD\n  npm run admin -- move-to-postgres --to postgres://user:password@host:5432/database',
    );
    process.exitCode = command ? 1 : 0;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
