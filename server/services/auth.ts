/**
 * Signing in and out, sessions and API tokens. A session token is a random secret; only its SHA-256 is stored,
 * so a copy of the database cannot be used to sign in. The same token works as the cookie and as a bearer token.
 */
import { hash, verify } from "@node-rs/argon2";
import { randomUUID } from "node:crypto";
import { errors } from "../../app/domain/errors";
import { signInInput } from "../../app/domain/sign-in";
import type { Member, WorkspaceRepository } from "../db/workspaces";
import type { SessionRepository } from "../db/sessions";
import type { UserRepository, UserRow } from "../db/users";
import { LoginThrottle, type Throttle } from "./login-throttle";
import { newSecret, sha256Hex } from "./secrets";

/** Who is asking: the signed-in person and their membership of the current workspace. */
export interface Viewer {
  userId: string;
  username: string;
  displayName: string;
  member: Member;
  tokenHash: string;
}

export interface AuthServiceOptions {
  sessionDays: number;
}

// A real hash to verify against when the username is unknown, so timing does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export function createAuthService(
  repos: { users: UserRepository; sessions: SessionRepository; workspaces: WorkspaceRepository },
  options: AuthServiceOptions,
  throttle: Throttle = new LoginThrottle(),
) {
  const sessionListeners = new Set<(tokenHash: string | null, userId: string) => void>();

  async function hashPassword(password: string): Promise<string> {
    return hash(password); // argon2id with the library's recommended costs
  }

  async function viewerFor(userId: string, tokenHash: string): Promise<Viewer | null> {
    const user = await repos.users.getUser(userId);
    if (!user || user.deleted_at) return null;
    const member = (await repos.workspaces.membershipsOfUser(userId))[0];
    if (!member) return null;
    return { userId, username: user.username, displayName: user.display_name, member, tokenHash };
  }

  return {
    hashPassword,

    /**
     * Checks a username and password and starts a session. A try takes its place in the throttle before the
     * password is checked, so tries sent all at once count as they arrive; over the limit they are refused (429)
     * without checking anything.
     */
    async signIn(username: string, password: string, address: string): Promise<{ token: string; viewer: Viewer }> {
      const input = signInInput.safeParse({ username, password });
      if (!input.success) throw errors.badRequest(input.error.issues[0]!.message);
      const reservation = await throttle.reserve(input.data.username, address);
      if (!reservation.granted) throw errors.tooManyAttempts(reservation.retryAfterSeconds);
      const { attempt } = reservation;
      let user: UserRow | undefined;
      let ok: boolean;
      try {
        user = await repos.users.findUserByUsername(input.data.username);
        dummyHash ??= hashPassword("not a real password");
        const passwordHash = user?.password_hash ?? (await dummyHash);
        ok = await verify(passwordHash, input.data.password).catch(() => false);
      } catch (error) {
        attempt.abandoned();
        throw error;
      }
      if (!user || !ok) {
        attempt.failed();
        throw errors.wrongPassword();
      }
      attempt.succeeded();
      if ((await repos.workspaces.membershipsOfUser(user.id)).length === 0) {
        throw errors.forbidden(
          "Your account is not part of any workspace any more. Ask a coordinator for a new invite.",
        );
      }
      const token = newSecret();
      const tokenHash = sha256Hex(token);
      await repos.sessions.createSession(tokenHash, user.id, new Date(Date.now() + options.sessionDays * 86_400_000));
      return { token, viewer: (await viewerFor(user.id, tokenHash))! };
    },

    /** The viewer for a session token, or null when it is unknown, expired or revoked. */
    async authenticate(token: string | null | undefined): Promise<Viewer | null> {
      if (!token || token.length > 200) return null;
      const tokenHash = sha256Hex(token);
      const session = await repos.sessions.findLiveSession(tokenHash);
      return session ? viewerFor(session.user_id, tokenHash) : null;
    },

    /** Creates a session for a person who just joined (after an invite), so they need not sign in again. */
    async startSession(userId: string): Promise<string> {
      const token = newSecret();
      await repos.sessions.createSession(
        sha256Hex(token),
        userId,
        new Date(Date.now() + options.sessionDays * 86_400_000),
      );
      return token;
    },

    async signOut(viewer: Viewer) {
      await repos.sessions.deleteSession(viewer.tokenHash);
      for (const listener of sessionListeners) listener(viewer.tokenHash, viewer.userId);
    },

    /** Ends every session and token of a person (password change, removal). */
    async revokeAllSessions(userId: string) {
      await repos.sessions.deleteSessionsOfUser(userId);
      for (const listener of sessionListeners) listener(null, userId);
    },

    async changePassword(viewer: Viewer, current: string, next: string) {
      const user = await repos.users.getUser(viewer.userId);
      if (!user || !(await verify(user.password_hash, current).catch(() => false))) throw errors.wrongPassword();
      await repos.users.setPasswordHash(user.id, await hashPassword(next));
      await this.revokeAllSessions(user.id);
    },

    /** Lets the sync server close the connections of a session that ended. */
    onSessionEnded(listener: (tokenHash: string | null, userId: string) => void) {
      sessionListeners.add(listener);
      return () => sessionListeners.delete(listener);
    },

    newUserId: () => randomUUID(),
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
