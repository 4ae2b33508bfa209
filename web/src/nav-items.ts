import type { AppAction } from './api/index.ts';
import type { Messages } from './i18n/index.ts';

export interface NavItem {
  path: string;
  label(m: Messages): string;
  /** The weakest action the page needs; the navigation shows only what the role may do. */
  action: AppAction;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: (m) => m.nav.overview, action: 'read' },
  { path: '/te-beoordelen', label: (m) => m.nav.review, action: 'read' },
  { path: '/documenten', label: (m) => m.nav.documents, action: 'read' },
  { path: '/runs', label: (m) => m.nav.runs, action: 'read' },
  { path: '/leveringen', label: (m) => m.nav.deliveries, action: 'read' },
  { path: '/bankregels', label: (m) => m.nav.bankRules, action: 'read' },
  { path: '/bonnetje', label: (m) => m.nav.receipt, action: 'act' },
  { path: '/relaties', label: (m) => m.nav.relations, action: 'act' },
  { path: '/bedrijfsstatus', label: (m) => m.nav.business, action: 'read' },
  { path: '/uren', label: (m) => m.nav.hours, action: 'act' },
  { path: '/instellingen', label: (m) => m.nav.settings, action: 'operate' },
];

/** Whether `path` (the current location) is `item`'s page or one below it. */
export function isCurrent(item: NavItem, path: string): boolean {
  return item.path === '/' ? path === '/' : path === item.path || path.startsWith(`${item.path}/`);
}
