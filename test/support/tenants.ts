import { fileURLToPath } from 'node:url';

/** The repository's tenant files (`infra/tenants/*.json`): deployment input the tenant model validates. */
export const tenantsDirectory = fileURLToPath(new URL('../../infra/tenants', import.meta.url));
