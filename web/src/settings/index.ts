export { parseAdministrations, showAdministrations } from './administration-list.ts';
export { ApiKeys } from './api-keys.tsx';
export { ConnectorSettingsForm } from './connector-settings.tsx';
export { Users } from './users.tsx';
