import { randomBytes } from 'node:crypto';
import { CognitoFault } from './cognito-fault.ts';
import type { LocalUser, LocalUserStore } from './local-user-store.ts';
import { hashPassword } from './password-hash.ts';
import { passwordProblem } from './password-policy.ts';
import { json, type ProviderRequest, type ProviderResponse } from './provider-http.ts';

export interface CognitoAdminApiOptions {
  userPoolId: string;
  /** The access key id the hub's functions sign with (as the emulators check it). */
  accessKeyId: string;
  users: LocalUserStore;
  /** Groups of the pool: the role groups and `adm:<CODE>` of the tenant's administrations (and the demo users'). */
  groups: () => readonly string[];
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const PAGE_MAX = 60;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Body = Record<string, unknown>;

/**
 * The part of Cognito Identity Provider's JSON protocol that `CognitoUserDirectory` speaks, over the
 * local user store: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`. Requests must
 * carry a SigV4 `authorization` header with the hub's access key id (checked for presence and key, not
 * the signature, as the emulators do). Errors have Cognito's names (`UserNotFoundException`, …).
 */
export class CognitoAdminApi {
  constructor(private readonly options: CognitoAdminApiOptions) {}

  /** Whether `request` is addressed to this API (and not to the OIDC routes). */
  accepts(request: ProviderRequest): boolean {
    return request.method === 'POST' && request.path === '/' && request.headers['x-amz-target'] !== undefined;
  }

  async handle(request: ProviderRequest): Promise<ProviderResponse> {
    try {
      const credential = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\//.exec(
        request.headers.authorization ?? '',
      );
      if (!credential)
        throw new CognitoFault('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
      if (credential[1] !== this.options.accessKeyId)
        throw new CognitoFault(
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
          403,
        );
      const target = request.headers['x-amz-target'] ?? '';
      if (!target.startsWith(TARGET_PREFIX))
        throw new CognitoFault('UnknownOperationException', 'Unknown target');
      let body: Body;
      try {
        const parsed: unknown = JSON.parse(request.body || '{}');
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('not an object');
        body = parsed as Body;
      } catch {
        throw new CognitoFault('SerializationException', 'The request body is not a JSON object');
      }
      if (body.UserPoolId !== this.options.userPoolId)
        throw new CognitoFault(
          'ResourceNotFoundException',
          `User pool ${String(body.UserPoolId).slice(0, 60)} does not exist.`,
        );
      const result = await this.operation(target.slice(TARGET_PREFIX.length), body);
      return json(200, result, { 'content-type': 'application/x-amz-json-1.1' });
    } catch (error) {
      if (!(error instanceof CognitoFault)) throw error;
      return json(
        error.status,
        { __type: error.type, message: error.message },
        { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.type },
      );
    }
  }

  private async operation(name: string, body: Body): Promise<Body> {
    switch (name) {
      case 'ListUsers':
        return this.listUsers(body);
      case 'AdminGetUser': {
        const user = this.user(body);
        return {
          Username: user.username,
          UserAttributes: attributes(user),
          ...userDates(user),
          Enabled: user.enabled,
          UserStatus: user.status,
        };
      }
      case 'AdminCreateUser':
        return this.createUser(body);
      case 'AdminListGroupsForUser':
        return this.listGroups(body);
      case 'AdminAddUserToGroup':
      case 'AdminRemoveUserFromGroup': {
        const user = this.user(body);
        const group = text(body, 'GroupName');
        if (!this.options.groups().includes(group) && !user.groups.includes(group))
          throw new CognitoFault('ResourceNotFoundException', 'Group not found.');
        this.options.users.update(user.username, (u) => {
          u.groups =
            name === 'AdminAddUserToGroup'
              ? [...new Set([...u.groups, group])]
              : u.groups.filter((g) => g !== group);
        });
        return {};
      }
      case 'AdminEnableUser':
      case 'AdminDisableUser': {
        const user = this.user(body);
        this.options.users.update(user.username, (u) => {
          u.enabled = name === 'AdminEnableUser';
        });
        return {};
      }
      case 'AdminDeleteUser':
        this.options.users.remove(this.user(body).username);
        return {};
      case 'AdminSetUserPassword': {
        const user = this.user(body);
        const password = text(body, 'Password');
        const problem = passwordProblem(password);
        if (problem)
          throw new CognitoFault(
            'InvalidPasswordException',
            `Password does not conform to policy: ${problem}`,
          );
        const passwordHash = await hashPassword(password);
        this.options.users.update(user.username, (u) => {
          u.passwordHash = passwordHash;
          u.status = body.Permanent === true ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
        });
        return {};
      }
      default:
        throw new CognitoFault(
          'UnknownOperationException',
          `Operation ${name.slice(0, 60)} is not offered by the local stand-in`,
        );
    }
  }

  private listUsers(body: Body): Body {
    if (body.Filter !== undefined && body.Filter !== '')
      throw new CognitoFault('InvalidParameterException', 'Filter is not supported by the local stand-in');
    const limit = pageLimit(body.Limit);
    const all = this.options.users.list();
    const start = offset(body.PaginationToken);
    const page = all.slice(start, start + limit);
    return {
      Users: page.map((u) => ({
        Username: u.username,
        Attributes: attributes(u),
        ...userDates(u),
        Enabled: u.enabled,
        UserStatus: u.status,
      })),
      ...(start + limit < all.length
        ? { PaginationToken: Buffer.from(String(start + limit)).toString('base64url') }
        : {}),
    };
  }

  private listGroups(body: Body): Body {
    const user = this.user(body);
    const limit = pageLimit(body.Limit);
    const start = offset(body.NextToken);
    const groups = [...user.groups].sort();
    return {
      Groups: groups
        .slice(start, start + limit)
        .map((g) => ({ GroupName: g, UserPoolId: this.options.userPoolId })),
      ...(start + limit < groups.length
        ? { NextToken: Buffer.from(String(start + limit)).toString('base64url') }
        : {}),
    };
  }

  private async createUser(body: Body): Promise<Body> {
    const username = text(body, 'Username').trim().toLowerCase();
    const given = Array.isArray(body.UserAttributes)
      ? (body.UserAttributes as Array<{ Name?: unknown; Value?: unknown }>)
      : [];
    const attribute = (n: string) => {
      const value = given.find((a) => a.Name === n)?.Value;
      return typeof value === 'string' ? value : undefined;
    };
    const email = (attribute('email') ?? username).trim().toLowerCase();
    if (!EMAIL.test(username) || email !== username)
      throw new CognitoFault(
        'InvalidParameterException',
        'Username must be the e-mail address (e-mail sign-in)',
      );
    const temporary = typeof body.TemporaryPassword === 'string' ? body.TemporaryPassword : undefined;
    if (temporary !== undefined && passwordProblem(temporary))
      throw new CognitoFault(
        'InvalidPasswordException',
        `Password does not conform to policy: ${passwordProblem(temporary)}`,
      );
    // Without a temporary password Cognito mails one; locally nothing is mailed, so the user has none
    // until an administrator sets one (AdminSetUserPassword).
    const passwordHash = await hashPassword(temporary ?? randomBytes(32).toString('base64url'));
    const name = attribute('name');
    const user = this.options.users.add({
      username,
      email,
      ...(name ? { name } : {}),
      passwordHash,
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: true,
      groups: [],
    });
    if (!user)
      throw new CognitoFault('UsernameExistsException', 'An account with the given email already exists.');
    return {
      User: {
        Username: user.username,
        Attributes: attributes(user),
        ...userDates(user),
        Enabled: true,
        UserStatus: user.status,
      },
    };
  }

  private user(body: Body): LocalUser {
    const user = this.options.users.get(text(body, 'Username'));
    if (!user) throw new CognitoFault('UserNotFoundException', 'User does not exist.');
    return user;
  }
}

function text(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '' || value.length > 2048)
    throw new CognitoFault(
      'InvalidParameterException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint`,
    );
  return value;
}

function pageLimit(raw: unknown): number {
  if (raw === undefined) return PAGE_MAX;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > PAGE_MAX)
    throw new CognitoFault('InvalidParameterException', `Limit must be an integer from 0 to ${PAGE_MAX}`);
  return raw === 0 ? PAGE_MAX : raw;
}

function offset(token: unknown): number {
  if (token === undefined) return 0;
  const value =
    typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString('utf8')) : Number.NaN;
  if (!Number.isInteger(value) || value < 0)
    throw new CognitoFault('InvalidParameterException', 'Invalid pagination token');
  return value;
}

function attributes(user: LocalUser): Array<{ Name: string; Value: string }> {
  return [
    { Name: 'sub', Value: user.sub },
    { Name: 'email', Value: user.email },
    { Name: 'email_verified', Value: 'true' },
    ...(user.name ? [{ Name: 'name', Value: user.name }] : []),
  ];
}

/** Cognito's JSON protocol writes dates as epoch seconds. */
function userDates(user: LocalUser): { UserCreateDate: number; UserLastModifiedDate: number } {
  return {
    UserCreateDate: Date.parse(user.createdAt) / 1000,
    UserLastModifiedDate: Date.parse(user.updatedAt) / 1000,
  };
}
