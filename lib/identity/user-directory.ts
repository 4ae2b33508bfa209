import type { AppRole } from './app-user.ts';

/** A web-app user as the directory keeps them (Cognito in AWS, the hub's local provider on one machine). */
export interface AppUserAccount {
  /** The sign-in name in the directory (Cognito's `Username`). */
  username: string;
  email?: string;
  name?: string;
  /** The strongest role group; undefined for a user in none (no access). */
  role?: AppRole;
  /** Administrations granted by `adm:<CODE>` groups; `'*'` for an operator. */
  administrations: string[] | '*';
  enabled: boolean;
  /** ISO 8601 UTC. */
  createdAt?: string;
}

export interface NewAppUser {
  /** An e-mail address: the user signs in with it. */
  email: string;
  name?: string;
  role: AppRole;
  administrations: readonly string[] | '*';
  /** A first password the user must change; without it the directory makes one and sends the invitation. */
  temporaryPassword?: string;
}

export interface AppUserChange {
  role?: AppRole;
  administrations?: readonly string[] | '*';
  enabled?: boolean;
}

/** The users of the tenant's web app and their groups. Errors are UserDirectoryError. */
export interface UserDirectory {
  list(): Promise<AppUserAccount[]>;
  /** Undefined when there is no such user. */
  get(username: string): Promise<AppUserAccount | undefined>;
  create(input: NewAppUser): Promise<AppUserAccount>;
  /** Changes only what `change` names; role and administrations become exactly the groups they imply. */
  update(username: string, change: AppUserChange): Promise<AppUserAccount>;
  remove(username: string): Promise<void>;
  /** Sets a password (local demo users; `permanent` false makes the user change it at sign-in). */
  setPassword(username: string, password: string, permanent: boolean): Promise<void>;
}
