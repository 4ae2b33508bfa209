import type { LocalUserStore } from './local-user-store.ts';
import { hashPassword } from './password-hash.ts';

/** The demo sign-ins of the contract (lib/app-api/CONTRACT.md), made on a first start. */
export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; groups: string[] }> = [
  { email: 'beheer@demo.cashlink.local', name: 'Demo beheerder', groups: ['operator'] },
  { email: 'boekhouder@demo.cashlink.local', name: 'Demo boekhouder', groups: ['bookkeeper', 'adm:DEMO'] },
  { email: 'lezer@demo.cashlink.local', name: 'Demo lezer', groups: ['read-only', 'adm:DEMO'] },
  { email: 'buiten@demo.cashlink.local', name: 'Demo buitenstaander', groups: ['bookkeeper', 'adm:ANDERS'] },
];

export const DEFAULT_DEMO_PASSWORD = 'demo-wachtwoord';

/** The demo password: `CASHLINK_DEMO_PASSWORD` or `demo-wachtwoord`. */
export function demoPassword(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.CASHLINK_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
}

/** Adds the demo users to an empty store (a store with users is left as it is); how many were added. */
export async function seedDemoUsers(store: LocalUserStore, password: string): Promise<number> {
  if (store.size > 0) return 0;
  const passwordHash = await hashPassword(password);
  let added = 0;
  for (const demo of DEMO_USERS) {
    const user = store.add({
      username: demo.email,
      email: demo.email,
      name: demo.name,
      passwordHash,
      status: 'CONFIRMED',
      enabled: true,
      groups: [...demo.groups],
    });
    if (user) added++;
  }
  return added;
}
