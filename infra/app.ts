import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { listTenants, loadTenantConfig } from '../lib/tenant/index.ts';
import { InfraError } from './infra-error.ts';
import { TenantStack } from './tenant-stack.ts';

/**
 * The CDK app: `cdk deploy -c tenant=<name>` synthesizes the stack of `infra/tenants/<name>.json`;
 * `-c tenant=all` synthesizes every tenant. cdk-nag's AwsSolutions and Serverless packs run on every synth.
 */

export interface BuildAppOptions {
  app?: App;
  /** Tenant name or `all`. */
  tenant: string;
  tenantsDirectory?: string;
  projectRoot?: string;
}

const infraDirectory = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PROJECT_ROOT = join(infraDirectory, '..');
export const DEFAULT_TENANTS_DIRECTORY = join(infraDirectory, 'tenants');

/** The CloudFormation stack name of a tenant. */
export function stackNameOf(tenant: string): string {
  return `cashlink-${tenant}`;
}

export function buildApp(options: BuildAppOptions): { app: App; stacks: TenantStack[] } {
  const app = options.app ?? new App();
  const directory = options.tenantsDirectory ?? DEFAULT_TENANTS_DIRECTORY;
  const projectRoot = options.projectRoot ?? DEFAULT_PROJECT_ROOT;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

  const tenants = options.tenant === 'all' ? listTenants(directory) : [options.tenant];
  const stacks = tenants.map((tenant) => {
    const config = loadTenantConfig(tenant, directory);
    const { account, region } = config.deployment;
    return new TenantStack(app, stackNameOf(tenant), {
      config,
      projectRoot,
      ...(account || region
        ? { env: { ...(account ? { account } : {}), ...(region ? { region } : {}) } }
        : {}),
    });
  });
  return { app, stacks };
}

function main(): void {
  const app = new App();
  const tenant = app.node.tryGetContext('tenant');
  if (typeof tenant !== 'string' || tenant === '') {
    throw new InfraError(
      'Choose a tenant: cdk synth -c tenant=<name> (a file in infra/tenants/) or -c tenant=all',
    );
  }
  buildApp({ app, tenant });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
