import { sql } from "kysely";
import { isRole, type Role } from "../../app/domain/permissions";
import type { Db } from "./database";

export interface Member {
  id: string;
  workspaceId: string;
  workspaceName: string;
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  livedExperience: boolean;
  /** Taking a break until this time (ISO 8601), or null. */
  awayUntil: string | null;
  createdAt: string;
}

interface MemberRow {
  id: string;
  workspace_id: string;
  workspace_name: string;
  user_id: string;
  username: string;
  display_name: string;
  roles: string;
  lived_experience: number;
  away_until: string | null;
  created_at: string;
}

function toMember(row: MemberRow): Member {
  const roles = (JSON.parse(row.roles) as string[]).filter(isRole);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    roles,
    livedExperience: row.lived_experience === 1,
    awayUntil: row.away_until && row.away_until > new Date().toISOString() ? row.away_until : null,
    createdAt: row.created_at,
  };
}

/** Members with their workspace's name and their username and name, as every member list shows them. */
function selectMembers(db: Db) {
  return db
    .selectFrom("members as m")
    .innerJoin("workspaces as w", "w.id", "m.workspace_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .selectAll("m")
    .select(["w.name as workspace_name", "u.username", "u.display_name"]);
}

export function createWorkspaceRepository(db: Db) {
  return {
    async createWorkspace(id: string, name: string) {
      await db.insertInto("workspaces").values({ id, name }).execute();
    },
    async workspaceName(id: string): Promise<string | undefined> {
      const row = await db.selectFrom("workspaces").select("name").where("id", "=", id).executeTakeFirst();
      return row?.name;
    },
    async addMember(member: {
      id: string;
      workspaceId: string;
      userId: string;
      roles: Role[];
      livedExperience?: boolean;
    }) {
      await db
        .insertInto("members")
        .values({
          id: member.id,
          workspace_id: member.workspaceId,
          user_id: member.userId,
          roles: JSON.stringify(member.roles),
          lived_experience: member.livedExperience ? 1 : 0,
        })
        .execute();
    },
    /** Oldest first: the first is the workspace a person signs in to. */
    async membershipsOfUser(userId: string): Promise<Member[]> {
      const rows = await selectMembers(db)
        .where("m.user_id", "=", userId)
        .orderBy("m.created_at")
        .orderBy("m.id")
        .execute();
      return rows.map(toMember);
    },
    async membersOfWorkspace(workspaceId: string): Promise<Member[]> {
      const rows = await selectMembers(db)
        .where("m.workspace_id", "=", workspaceId)
        .where("u.deleted_at", "is", null)
        .orderBy(sql`lower(u.display_name)`)
        .orderBy("m.created_at")
        .orderBy("m.id")
        .execute();
      return rows.map(toMember);
    },
    async getMember(id: string): Promise<Member | undefined> {
      const row = await selectMembers(db).where("m.id", "=", id).executeTakeFirst();
      return row ? toMember(row) : undefined;
    },
    async setRoles(memberId: string, roles: Role[]) {
      await db
        .updateTable("members")
        .set({ roles: JSON.stringify(roles) })
        .where("id", "=", memberId)
        .execute();
    },
    async setLivedExperience(memberId: string, value: boolean) {
      await db
        .updateTable("members")
        .set({ lived_experience: value ? 1 : 0 })
        .where("id", "=", memberId)
        .execute();
    },
    /** Starts (until a time) or ends (null) a member's break. */
    async setAwayUntil(memberId: string, until: string | null) {
      await db.updateTable("members").set({ away_until: until }).where("id", "=", memberId).execute();
    },
    async removeMember(memberId: string) {
      await db.deleteFrom("members").where("id", "=", memberId).execute();
    },
  };
}
export type WorkspaceRepository = ReturnType<typeof createWorkspaceRepository>;
