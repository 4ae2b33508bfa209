import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubError } from '../hub-error.ts';

export type LocalUserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

/** One user of the local pool, as kept in `users.json`. */
export interface LocalUser {
  /** Sign-in name: the e-mail address, lower case. */
  username: string;
  sub: string;
  email: string;
  name?: string;
  /** `scrypt$…` (password-hash.ts); absent until a password is set. */
  passwordHash?: string;
  status: LocalUserStatus;
  enabled: boolean;
  groups: string[];
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

interface StoreFile {
  version: 1;
  users: LocalUser[];
}

const FILE = 'users.json';

/**
 * The local pool's users in `<dir>/users.json` (mode 0600, written whole through a temporary file so a
 * crash never leaves half a file). Usernames are compared in lower case, like Cognito's e-mail sign-in.
 */
export class LocalUserStore {
  private readonly path: string;
  private readonly users = new Map<string, LocalUser>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.path = join(dir, FILE);
    if (existsSync(this.path)) {
      chmodSync(this.path, 0o600);
      let parsed: StoreFile;
      try {
        parsed = JSON.parse(readFileSync(this.path, 'utf8')) as StoreFile;
      } catch (error) {
        throw new HubError(`${this.path}: not JSON; move it away to start with the demo users`, {
          cause: error,
        });
      }
      for (const user of parsed.users ?? []) this.users.set(user.username, user);
    }
  }

  get size(): number {
    return this.users.size;
  }

  list(): LocalUser[] {
    return [...this.users.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  get(username: string): LocalUser | undefined {
    return this.users.get(username.trim().toLowerCase());
  }

  bySub(sub: string): LocalUser | undefined {
    return [...this.users.values()].find((u) => u.sub === sub);
  }

  /** Adds a user; false when the username is taken. */
  add(
    input: Omit<LocalUser, 'sub' | 'createdAt' | 'updatedAt' | 'username'> & { username: string },
  ): LocalUser | false {
    const username = input.username.trim().toLowerCase();
    if (this.users.has(username)) return false;
    const now = new Date().toISOString();
    const user: LocalUser = { ...input, username, sub: randomUUID(), createdAt: now, updatedAt: now };
    this.users.set(username, user);
    this.save();
    return user;
  }

  /** Applies `change` to the user and saves; undefined when there is no such user. */
  update(username: string, change: (user: LocalUser) => void): LocalUser | undefined {
    const user = this.get(username);
    if (!user) return undefined;
    change(user);
    user.updatedAt = new Date().toISOString();
    this.save();
    return user;
  }

  remove(username: string): boolean {
    const removed = this.users.delete(username.trim().toLowerCase());
    if (removed) this.save();
    return removed;
  }

  private save(): void {
    const file: StoreFile = { version: 1, users: this.list() };
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
