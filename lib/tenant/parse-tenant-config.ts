import type { z } from 'zod';
import { TenantConfig, type TenantRuntimeConfig, toRuntimeConfig } from './tenant-config.ts';
import { TenantConfigError, type TenantConfigIssue } from './tenant-config-error.ts';

/**
 * What a function calls on cold start with the TENANT_CONFIG variable: validates again (the value may
 * have been edited in the console) and returns the runtime view.
 */
export function parseRuntimeConfig(json: string): TenantRuntimeConfig {
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch (cause) {
    throw new TenantConfigError('TENANT_CONFIG', [{ field: '(root)', message: 'not valid JSON' }], { cause });
  }
  return toRuntimeConfig(parseTenantConfig(input, 'TENANT_CONFIG'));
}

/** `administrations[0].code`; keys that are not plain words are quoted: `connectors[""]`. */
function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const key = String(part);
      if (!/^[A-Za-z0-9_$-]+$/.test(key)) return `[${JSON.stringify(key)}]`;
      return index === 0 ? key : `.${key}`;
    })
    .join('');
}

function issuesOf(error: z.ZodError): TenantConfigIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        field: fieldOf([...issue.path, issue.keys[0] ?? '']),
        message: `unknown field(s) ${issue.keys.join(', ')}`,
      };
    }
    return { field: fieldOf(issue.path), message: issue.message };
  });
}

/** Validates an already parsed tenant file; `source` names it in the error. */
export function parseTenantConfig(input: unknown, source = 'tenant file'): TenantConfig {
  const result = TenantConfig.safeParse(input);
  if (!result.success) throw new TenantConfigError(source, issuesOf(result.error), { cause: result.error });
  return result.data;
}
