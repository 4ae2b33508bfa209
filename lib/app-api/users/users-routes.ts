import { z } from 'zod';
import { APP_ROLES, type AppRole } from '../../identity/app-user.ts';
import { HttpProblem } from '../../partner-api/errors.ts';
import { jsonResponse, quoted } from '../../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { parseBody } from '../runs/route-input.ts';

/** A web-app user as the identity team's `UserDirectory` answers them (contract `AppUserAccount`). */
export interface UserAccount {
  username: string;
  email?: string;
  name?: string;
  role?: AppRole;
  administrations: string[] | '*';
  enabled: boolean;
  createdAt?: string;
}

/** The parts of the identity team's `UserDirectory` (Cognito in AWS, the hub's provider locally) used here. */
export interface UsersDirectory {
  list(): Promise<UserAccount[]>;
  get(username: string): Promise<UserAccount | undefined>;
  create(input: {
    email: string;
    name?: string;
    role: AppRole;
    administrations: readonly string[] | '*';
    temporaryPassword?: string;
  }): Promise<UserAccount>;
  update(
    username: string,
    change: { role?: AppRole; administrations?: readonly string[] | '*'; enabled?: boolean },
  ): Promise<UserAccount>;
  remove(username: string): Promise<void>;
}

export interface UsersServices {
  directory: UsersDirectory;
}

const Administrations = z.union([z.literal('*'), z.array(z.string().min(1).max(20)).max(200)]);
export const NewUserInput = z
  .object({
    email: z.email('an e-mail address').max(254),
    name: z.string().min(1).max(100).optional(),
    role: z.enum(APP_ROLES),
    administrations: Administrations.optional(),
    temporaryPassword: z.string().min(12).max(256).optional(),
  })
  .strict();
export const ChangeInput = z
  .object({
    role: z.enum(APP_ROLES).optional(),
    administrations: Administrations.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((c) => c.role !== undefined || c.administrations !== undefined || c.enabled !== undefined, {
    message: 'give role, administrations or enabled',
    params: { rule: 'empty-change' },
  });

const USERNAME = /^[\p{L}\p{N}@._+-]{1,128}$/u;

/**
 * Administrations a user is granted: an operator gets every one (`'*'`); others only codes of this tenant,
 * named one by one (`'*'` is for operators alone).
 */
function grants(
  context: AppRouteContext,
  role: AppRole,
  requested: readonly string[] | '*' | undefined,
): readonly string[] | '*' {
  if (role === 'operator') return '*';
  if (requested === undefined || requested === '*')
    throw new HttpProblem(400, 'Bad Request', `a ${role} is granted administrations by name`, [
      {
        path: 'administrations',
        rule: 'administrations-required',
        message: `list the administrations of the ${role}`,
      },
    ]);
  const unknown = requested
    .map((code, index) => ({ code, index }))
    .filter(({ code }) => !context.administrations.includes(code));
  if (unknown.length > 0)
    throw new HttpProblem(
      400,
      'Bad Request',
      'administrations must be codes of this tenant',
      unknown.map(({ code, index }) => ({
        path: `administrations.${index}`,
        rule: 'unknown-administration',
        message: `one of ${context.administrations.join(', ')}`,
        value: quoted(code),
      })),
    );
  return [...new Set(requested)];
}

function usernameOf(context: AppRouteContext): string {
  const username = context.params.username ?? '';
  if (!USERNAME.test(username)) throw notFound(username);
  return username;
}

function notFound(username: string, cause?: unknown): HttpProblem {
  return new HttpProblem(
    404,
    'Not Found',
    `no user ${quoted(username)}`,
    [{ path: 'username', rule: 'unknown-user', message: 'no such user', value: quoted(username) }],
    {},
    { cause },
  );
}

const isActiveOperator = (account: UserAccount) => account.role === 'operator' && account.enabled;

/** 409 when the change leaves the tenant without an enabled operator: nobody could manage it any more. */
async function keepAnOperator(directory: UsersDirectory, target: UserAccount, stays: boolean): Promise<void> {
  if (!isActiveOperator(target) || stays) return;
  const others = (await directory.list()).filter(
    (account) => account.username !== target.username && isActiveOperator(account),
  );
  if (others.length === 0)
    throw new HttpProblem(409, 'Conflict', `${quoted(target.username)} is the last operator`, [
      {
        path: 'username',
        rule: 'last-operator',
        message: 'make another user operator first; the tenant always keeps one',
        value: quoted(target.username),
      },
    ]);
}

/** The directory's errors as problems: the field it names, the code as the rule. */
async function directoryCall<T>(username: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const failure = error as { name?: string; code?: string; field?: string; message?: string };
    if (failure?.name !== 'UserDirectoryError') throw error;
    if (failure.code === 'not-found') throw notFound(username, error);
    const status = failure.code === 'exists' ? 409 : failure.code === 'invalid' ? 400 : 503;
    throw new HttpProblem(
      status,
      status === 409 ? 'Conflict' : status === 400 ? 'Bad Request' : 'Service Unavailable',
      failure.message ?? 'the user directory refused the change',
      [
        {
          path: failure.field ?? '(body)',
          rule: failure.code ?? 'unavailable',
          message: failure.message ?? '',
        },
      ],
      {},
      { cause: error },
    );
  }
}

/** Instellingen › Gebruikers: the tenant's web-app users over the identity team's directory; operators only. */
export function usersRoutes(services: UsersServices): AppRoute[] {
  const { directory } = services;
  return [
    {
      method: 'GET',
      path: '/v1/app/users',
      action: 'operate',
      handle: async () => jsonResponse(200, { items: await directoryCall('', () => directory.list()) }),
    },
    {
      method: 'POST',
      path: '/v1/app/users',
      action: 'operate',
      async handle(context) {
        const input = parseBody(context, NewUserInput, 'user');
        const administrations = grants(context, input.role, input.administrations);
        const created = await directoryCall(input.email, () =>
          directory.create({
            email: input.email,
            role: input.role,
            administrations,
            ...(input.name ? { name: input.name } : {}),
            ...(input.temporaryPassword ? { temporaryPassword: input.temporaryPassword } : {}),
          }),
        );
        return jsonResponse(201, created);
      },
    },
    {
      method: 'PUT',
      path: '/v1/app/users/{username}',
      action: 'operate',
      async handle(context) {
        const username = usernameOf(context);
        const change = parseBody(context, ChangeInput, 'user change');
        const current = await directoryCall(username, () => directory.get(username));
        if (!current) throw notFound(username);
        const role = change.role ?? current.role;
        const stays = role === 'operator' && (change.enabled ?? current.enabled);
        await keepAnOperator(directory, current, stays);
        const administrations =
          role && (change.role !== undefined || change.administrations !== undefined)
            ? grants(context, role, change.administrations ?? current.administrations)
            : undefined;
        const updated = await directoryCall(username, () =>
          directory.update(username, {
            ...(change.role ? { role: change.role } : {}),
            ...(administrations ? { administrations } : {}),
            ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
          }),
        );
        return jsonResponse(200, updated);
      },
    },
    {
      method: 'DELETE',
      path: '/v1/app/users/{username}',
      action: 'operate',
      async handle(context) {
        const username = usernameOf(context);
        const current = await directoryCall(username, () => directory.get(username));
        if (!current) throw notFound(username);
        await keepAnOperator(directory, current, false);
        await directoryCall(username, () => directory.remove(username));
        return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
      },
    },
  ];
}
