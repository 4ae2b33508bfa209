/**
 * Public surface of the infrastructure package: the CDK app, the tenant stack and its constructs. The tenant
 * model they deploy (the tenant file's schema, the connector registry, env names) is `lib/tenant/`, which the
 * functions import too; nothing outside infra/ and the tools imports this package.
 */
export {
  type BuildAppOptions,
  buildApp,
  DEFAULT_PROJECT_ROOT,
  DEFAULT_TENANTS_DIRECTORY,
  stackNameOf,
} from './app.ts';
export * from './constructs/index.ts';
export { InfraError } from './infra-error.ts';
export { TenantStack, type TenantStackProps } from './tenant-stack.ts';
