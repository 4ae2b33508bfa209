import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorMessage } from '../runtime/error-message.ts';
import { quoteText } from '../runtime/quoted-text.ts';
import { accessFromGroups, groupsForAccess, isRoleGroup } from './app-user-claims.ts';
import type { AppUserAccount, AppUserChange, NewAppUser, UserDirectory } from './user-directory.ts';
import { UserDirectoryError } from './user-directory-error.ts';

export interface CognitoUserDirectoryOptions {
  /** A client for the pool's region; its endpoint may be the hub's stand-in (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`). */
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  /** Parallel group look-ups while listing. */
  concurrency?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PAGE = 60;

/**
 * The web app's users in a Cognito user pool, through the admin API: roles and administrations are group
 * memberships (`operator` | `bookkeeper` | `read-only`, `adm:<CODE>`), enabled is the pool's user status.
 */
export class CognitoUserDirectory implements UserDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly pool: string;
  private readonly concurrency: number;

  constructor(options: CognitoUserDirectoryOptions) {
    this.client = options.client;
    this.pool = options.userPoolId;
    this.concurrency = options.concurrency ?? 4;
  }

  async list(): Promise<AppUserAccount[]> {
    const users: Array<{
      username: string;
      attributes: AttributeType[];
      enabled: boolean;
      createdAt?: Date;
    }> = [];
    let token: string | undefined;
    do {
      const page = await this.call('list users', undefined, () =>
        this.client.send(
          new ListUsersCommand({
            UserPoolId: this.pool,
            Limit: PAGE,
            ...(token ? { PaginationToken: token } : {}),
          }),
        ),
      );
      for (const user of page.Users ?? []) {
        if (!user.Username) continue;
        users.push({
          username: user.Username,
          attributes: user.Attributes ?? [],
          enabled: user.Enabled ?? true,
          ...(user.UserCreateDate ? { createdAt: user.UserCreateDate } : {}),
        });
      }
      token = page.PaginationToken;
    } while (token);
    const accounts: AppUserAccount[] = new Array(users.length);
    let next = 0;
    const worker = async () => {
      while (next < users.length) {
        const index = next++;
        const user = users[index] as (typeof users)[number];
        accounts[index] = account(user, await this.groupsOf(user.username));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, users.length) }, worker));
    return accounts.sort((a, b) => (a.email ?? a.username).localeCompare(b.email ?? b.username));
  }

  async get(username: string): Promise<AppUserAccount | undefined> {
    try {
      const user = await this.call('get user', 'username', () =>
        this.client.send(new AdminGetUserCommand({ UserPoolId: this.pool, Username: username })),
      );
      return account(
        {
          username: user.Username ?? username,
          attributes: user.UserAttributes ?? [],
          enabled: user.Enabled ?? true,
          ...(user.UserCreateDate ? { createdAt: user.UserCreateDate } : {}),
        },
        await this.groupsOf(username),
      );
    } catch (error) {
      if (error instanceof UserDirectoryError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  async create(input: NewAppUser): Promise<AppUserAccount> {
    if (!EMAIL.test(input.email) || input.email.length > 254)
      throw new UserDirectoryError(
        'invalid',
        'email',
        `email ${quoteText(input.email)}: not an e-mail address`,
      );
    const attributes: AttributeType[] = [
      { Name: 'email', Value: input.email },
      { Name: 'email_verified', Value: 'true' },
      ...(input.name ? [{ Name: 'name', Value: input.name }] : []),
    ];
    const created = await this.call('create user', 'email', () =>
      this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.pool,
          Username: input.email,
          UserAttributes: attributes,
          DesiredDeliveryMediums: ['EMAIL'],
          ...(input.temporaryPassword ? { TemporaryPassword: input.temporaryPassword } : {}),
        }),
      ),
    );
    const username = created.User?.Username ?? input.email;
    await this.setGroups(username, [], groupsForAccess(input.role, input.administrations));
    return (await this.get(username)) as AppUserAccount;
  }

  async update(username: string, change: AppUserChange): Promise<AppUserAccount> {
    const current = await this.get(username);
    if (!current) throw notFound(username);
    if (change.role !== undefined || change.administrations !== undefined) {
      const role = change.role ?? current.role;
      if (!role)
        throw new UserDirectoryError('invalid', 'role', `user ${quoteText(username)} has no role: name one`);
      const administrations = change.administrations ?? current.administrations;
      const groups = await this.groupsOf(username);
      await this.setGroups(username, groups, groupsForAccess(role, administrations));
    }
    if (change.enabled !== undefined && change.enabled !== current.enabled) {
      const input = { UserPoolId: this.pool, Username: username };
      await this.call(change.enabled ? 'enable user' : 'disable user', 'enabled', () =>
        this.client.send(
          change.enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input),
        ),
      );
    }
    return (await this.get(username)) as AppUserAccount;
  }

  async remove(username: string): Promise<void> {
    await this.call('delete user', 'username', () =>
      this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.pool, Username: username })),
    );
  }

  async setPassword(username: string, password: string, permanent: boolean): Promise<void> {
    await this.call('set password', 'password', () =>
      this.client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.pool,
          Username: username,
          Password: password,
          Permanent: permanent,
        }),
      ),
    );
  }

  private async groupsOf(username: string): Promise<string[]> {
    const groups: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call('list groups', 'username', () =>
        this.client.send(
          new AdminListGroupsForUserCommand({
            UserPoolId: this.pool,
            Username: username,
            Limit: PAGE,
            ...(token ? { NextToken: token } : {}),
          }),
        ),
      );
      for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
      token = page.NextToken;
    } while (token);
    return groups;
  }

  /** Adds the wanted groups first, then removes the others the app manages (roles, `adm:`); others stay. */
  private async setGroups(
    username: string,
    current: readonly string[],
    wanted: readonly string[],
  ): Promise<void> {
    for (const group of wanted.filter((g) => !current.includes(g))) {
      await this.call('add to group', isRoleGroup(group) ? 'role' : 'administrations', () =>
        this.client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: this.pool, Username: username, GroupName: group }),
        ),
      );
    }
    const managed = current.filter((g) => isRoleGroup(g) || g.startsWith('adm:'));
    for (const group of managed.filter((g) => !wanted.includes(g))) {
      await this.call('remove from group', isRoleGroup(group) ? 'role' : 'administrations', () =>
        this.client.send(
          new AdminRemoveUserFromGroupCommand({
            UserPoolId: this.pool,
            Username: username,
            GroupName: group,
          }),
        ),
      );
    }
  }

  /** Runs one Cognito call; its exceptions become UserDirectoryError naming the field. */
  private async call<T>(what: string, field: string | undefined, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      const code =
        name === 'UserNotFoundException' || name === 'ResourceNotFoundException'
          ? 'not-found'
          : name === 'UsernameExistsException' || name === 'AliasExistsException'
            ? 'exists'
            : name === 'InvalidPasswordException' || name === 'InvalidParameterException'
              ? 'invalid'
              : 'unavailable';
      throw new UserDirectoryError(code, field, `${what}: ${name || 'error'}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}

function notFound(username: string): UserDirectoryError {
  return new UserDirectoryError('not-found', 'username', `user ${quoteText(username)}: no such user`);
}

function account(
  user: { username: string; attributes: AttributeType[]; enabled: boolean; createdAt?: Date },
  groups: readonly string[],
): AppUserAccount {
  const attribute = (name: string) => user.attributes.find((a) => a.Name === name)?.Value;
  const { role, administrations } = accessFromGroups(groups);
  const email = attribute('email');
  const name = attribute('name');
  return {
    username: user.username,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    ...(role ? { role } : {}),
    administrations,
    enabled: user.enabled,
    ...(user.createdAt ? { createdAt: user.createdAt.toISOString() } : {}),
  };
}
