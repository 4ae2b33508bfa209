import { describe, expect, it } from 'vitest';
import { type UserAccount, type UsersDirectory, usersRoutes } from '../../../lib/app-api/users/index.ts';
import { call, rules } from './fixtures.ts';

class DirectoryError extends Error {
  override readonly name = 'UserDirectoryError';
  constructor(
    readonly code: string,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

class FakeDirectory implements UsersDirectory {
  readonly accounts = new Map<string, UserAccount>();
  constructor(accounts: UserAccount[]) {
    for (const account of accounts) this.accounts.set(account.username, account);
  }
  async list() {
    return [...this.accounts.values()];
  }
  async get(username: string) {
    return this.accounts.get(username);
  }
  async create(input: Parameters<UsersDirectory['create']>[0]) {
    if (this.accounts.has(input.email)) throw new DirectoryError('exists', 'email', 'the e-mail is taken');
    const account: UserAccount = {
      username: input.email,
      email: input.email,
      role: input.role,
      administrations: input.administrations === '*' ? '*' : [...input.administrations],
      enabled: true,
    };
    this.accounts.set(account.username, account);
    return account;
  }
  async update(username: string, change: Parameters<UsersDirectory['update']>[1]) {
    const current = this.accounts.get(username);
    if (!current) throw new DirectoryError('not-found', 'username', 'no such user');
    const next: UserAccount = {
      ...current,
      ...(change.role ? { role: change.role } : {}),
      ...(change.administrations
        ? { administrations: change.administrations === '*' ? '*' : [...change.administrations] }
        : {}),
      ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    };
    this.accounts.set(username, next);
    return next;
  }
  async remove(username: string) {
    this.accounts.delete(username);
  }
}

const operator: UserAccount = {
  username: 'beheer@x.nl',
  role: 'operator',
  administrations: '*',
  enabled: true,
};
const bookkeeper: UserAccount = {
  username: 'boek@x.nl',
  role: 'bookkeeper',
  administrations: ['DEMO'],
  enabled: true,
};

function setup(accounts: UserAccount[] = [operator, bookkeeper]) {
  const directory = new FakeDirectory(accounts);
  return { directory, routes: usersRoutes({ directory }) };
}

describe('app users', () => {
  it('lists the users', async () => {
    // Prepare
    const { routes } = setup();
    // Act
    const { status, json } = await call(routes, 'GET', '/v1/app/users');
    // Assess
    expect(status).toBe(200);
    expect((json.items as UserAccount[]).map((u) => u.username)).toEqual(['beheer@x.nl', 'boek@x.nl']);
  });

  it('creates a bookkeeper of named administrations, and an operator of all', async () => {
    // Prepare
    const { routes } = setup();
    // Act
    const book = await call(routes, 'POST', '/v1/app/users', {
      body: { email: 'nieuw@x.nl', role: 'bookkeeper', administrations: ['DEMO', 'DEMO'] },
    });
    const op = await call(routes, 'POST', '/v1/app/users', {
      body: { email: 'op@x.nl', role: 'operator', administrations: ['DEMO'] },
    });
    // Assess
    expect(book.status).toBe(201);
    expect(book.json.administrations).toEqual(['DEMO']);
    expect(op.json.administrations).toBe('*');
  });

  it.each([
    [
      'an unknown administration',
      { email: 'a@x.nl', role: 'read-only', administrations: ['NOPE'] },
      400,
      'unknown-administration',
    ],
    [
      'no administrations for a bookkeeper',
      { email: 'a@x.nl', role: 'bookkeeper' },
      400,
      'administrations-required',
    ],
    [
      'all administrations for a reader',
      { email: 'a@x.nl', role: 'read-only', administrations: '*' },
      400,
      'administrations-required',
    ],
    [
      'not an e-mail address',
      { email: 'nope', role: 'read-only', administrations: ['DEMO'] },
      400,
      'format:email',
    ],
    ['an unknown role', { email: 'a@x.nl', role: 'admin', administrations: ['DEMO'] }, 400, 'invalid_value'],
    [
      'a taken e-mail address',
      { email: 'boek@x.nl', role: 'read-only', administrations: ['DEMO'] },
      409,
      'exists',
    ],
  ])('refuses to create a user with %s', async (_name, body, status, rule) => {
    // Prepare
    const { routes } = setup();
    // Act
    const answer = await call(routes, 'POST', '/v1/app/users', { body });
    // Assess
    expect(answer.status).toBe(status);
    expect(rules(answer.json)).toEqual([rule]);
  });

  it('changes a role and administrations', async () => {
    // Prepare
    const { routes, directory } = setup();
    // Act
    const answer = await call(routes, 'PUT', '/v1/app/users/{username}', {
      params: { username: 'boek@x.nl' },
      body: { role: 'read-only', administrations: ['ANDERS'] },
    });
    // Assess
    expect(answer.status).toBe(200);
    expect(directory.accounts.get('boek@x.nl')).toMatchObject({
      role: 'read-only',
      administrations: ['ANDERS'],
    });
  });

  it.each([
    ['demoted', { role: 'bookkeeper', administrations: ['DEMO'] }],
    ['disabled', { enabled: false }],
  ])('never lets the last operator be %s or removed', async (_name, body) => {
    // Prepare
    const { routes, directory } = setup();
    // Act
    const change = await call(routes, 'PUT', '/v1/app/users/{username}', {
      params: { username: 'beheer@x.nl' },
      body,
    });
    const removal = await call(routes, 'DELETE', '/v1/app/users/{username}', {
      params: { username: 'beheer@x.nl' },
    });
    // Assess
    expect([change.status, removal.status]).toEqual([409, 409]);
    expect(rules(change.json)).toEqual(['last-operator']);
    expect(directory.accounts.get('beheer@x.nl')).toEqual(operator);
  });

  it('lets an operator go when another enabled operator stays', async () => {
    // Prepare
    const second: UserAccount = { ...operator, username: 'tweede@x.nl' };
    const { routes, directory } = setup([operator, second, bookkeeper]);
    // Act
    const removal = await call(routes, 'DELETE', '/v1/app/users/{username}', {
      params: { username: 'beheer@x.nl' },
    });
    const last = await call(routes, 'PUT', '/v1/app/users/{username}', {
      params: { username: 'tweede@x.nl' },
      body: { enabled: false },
    });
    // Assess
    expect([removal.status, last.status]).toEqual([204, 409]);
    expect([...directory.accounts.keys()]).toEqual(['tweede@x.nl', 'boek@x.nl']);
  });

  it('answers 404 for an unknown user and 400 for an empty change', async () => {
    // Prepare
    const { routes } = setup();
    // Act
    const unknown = await call(routes, 'PUT', '/v1/app/users/{username}', {
      params: { username: 'niemand@x.nl' },
      body: { enabled: true },
    });
    const empty = await call(routes, 'PUT', '/v1/app/users/{username}', {
      params: { username: 'boek@x.nl' },
      body: {},
    });
    // Assess
    expect([unknown.status, empty.status]).toEqual([404, 400]);
    expect(rules(empty.json)).toEqual(['empty-change']);
  });
});
