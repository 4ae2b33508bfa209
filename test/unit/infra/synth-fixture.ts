import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../infra/app.ts';
import type { TenantStack } from '../../../infra/tenant-stack.ts';
import { connectors } from '../../../lib/tenant/index.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const tenantsDirectory = join(repoRoot, 'infra', 'tenants');

/**
 * A throw-away project root holding a stub handler for every registry entry, a package.json and a lock file, so the
 * stack synthesizes whatever handlers exist in functions/ today. Bundling is skipped in tests.
 */
export function createProjectRoot(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'cashlink-infra-'));
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
  // NodejsFunction's nodeModules (app-api's installed packages) looks for the project's package.json.
  writeFileSync(join(root, 'package.json'), '{"name":"cashlink-infra-fixture","private":true}\n');
  for (const definition of Object.values(connectors)) {
    const entry = join(root, definition.entry);
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, 'export const handler = async () => ({});\n');
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Mail on the demo tenant's single address (`<adm>@inbox.demo.example` → `<ADM>/inbox-email/`). */
export const SINGLE_MAIL_ADDRESS = {
  enabled: true,
  domain: 'inbox.demo.example',
  ruleSetName: 'rules',
  layout: 'single',
} as const;

/**
 * A throw-away tenants directory with the example tenant (`demo.json`) as `change` leaves it, saved under its
 * tenant name (which `change` may set); `cleanup` removes the directory.
 */
// biome-ignore lint/suspicious/noExplicitAny: a tenant file is edited as the JSON it is, before validation.
export function scratchTenants(change: (tenant: any) => void): { directory: string; cleanup: () => void } {
  const directory = mkdtempSync(join(tmpdir(), 'cashlink-tenants-'));
  const tenant = JSON.parse(readFileSync(join(tenantsDirectory, 'demo.json'), 'utf8'));
  change(tenant);
  writeFileSync(join(directory, `${tenant.tenant}.json`), JSON.stringify(tenant));
  return { directory, cleanup: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * The same feature flags `cdk synth` uses, from cdk.json, with bundling switched off. Construct stack
 * traces are off (source-mapping them under vitest makes a synth take seconds), and so is CDK's built-in
 * CloudFormation schema validation (a WASM engine that only warns); the cdk-nag packs, which fail synth,
 * still run.
 */
export function testApp(): App {
  const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-stack-trace': true },
    builtinCloudFormationValidation: false,
  });
}

export interface Synthesized {
  app: App;
  stack: TenantStack;
  template: Template;
}

export function synthTenant(tenant: string, projectRoot: string, directory = tenantsDirectory): Synthesized {
  const app = testApp();
  const { stacks } = buildApp({ app, tenant, projectRoot, tenantsDirectory: directory });
  const stack = stacks[0];
  if (!stack) throw new Error(`no stack for ${tenant}`);
  return { app, stack, template: Template.fromStack(stack) };
}
