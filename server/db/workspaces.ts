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
    createdAt: row.created_at,
  };
}

const memberSelect = `SELECT m.*, w.name AS workspace_name, u.username, u.display_name
  FROM members m JOIN workspaces w ON w.id = m.workspace_id JOIN users u ON u.id = m.user_id`;

export function createWorkspaceRepository(db: Db) {
  const insertWorkspace = db.prepare("INSERT INTO workspaces (id, name) VALUES (?, ?)");
  const nameOf = db.prepare<[string], { name: string }>("SELECT name FROM workspaces WHERE id = ?");
  const insertMember = db.prepare(
    "INSERT INTO members (id, workspace_id, user_id, roles, lived_experience) VALUES (?, ?, ?, ?, ?)",
  );
  const membersOfUser = db.prepare<[string], MemberRow>(`${memberSelect} WHERE m.user_id = ? ORDER BY m.created_at`);
  const membersOfWorkspace = db.prepare<[string], MemberRow>(
    `${memberSelect} WHERE m.workspace_id = ? AND u.deleted_at IS NULL ORDER BY u.display_name COLLATE NOCASE`,
  );
  const memberById = db.prepare<[string], MemberRow>(`${memberSelect} WHERE m.id = ?`);
  const updateRoles = db.prepare("UPDATE members SET roles = ? WHERE id = ?");
  const updateLived = db.prepare("UPDATE members SET lived_experience = ? WHERE id = ?");
  const removeMember = db.prepare("DELETE FROM members WHERE id = ?");
  return {
    createWorkspace: (id: string, name: string) => void insertWorkspace.run(id, name),
    workspaceName: (id: string) => nameOf.get(id)?.name,
    addMember(member: { id: string; workspaceId: string; userId: string; roles: Role[]; livedExperience?: boolean }) {
      insertMember.run(
        member.id,
        member.workspaceId,
        member.userId,
        JSON.stringify(member.roles),
        member.livedExperience ? 1 : 0,
      );
    },
    membershipsOfUser: (userId: string) => membersOfUser.all(userId).map(toMember),
    membersOfWorkspace: (workspaceId: string) => membersOfWorkspace.all(workspaceId).map(toMember),
    getMember: (id: string) => {
      const row = memberById.get(id);
      return row ? toMember(row) : undefined;
    },
    setRoles: (memberId: string, roles: Role[]) => void updateRoles.run(JSON.stringify(roles), memberId),
    setLivedExperience: (memberId: string, value: boolean) => void updateLived.run(value ? 1 : 0, memberId),
    removeMember: (memberId: string) => void removeMember.run(memberId),
  };
}
export type WorkspaceRepository = ReturnType<typeof createWorkspaceRepository>;
