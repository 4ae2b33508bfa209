// The names alone: every function and tool imports this, the tenant schema is not needed for it.
import { ENV } from '../tenant/env-names.ts';

export { ENV };

/** A required environment variable; a clear error names the missing one. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
