import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient, AppAction, Me } from './api/index.ts';
import type { Locale, Messages } from './i18n/index.ts';

/** What every page gets: the API, the signed-in user, the language and the chosen administration. */
export interface AppServices {
  api: ApiClient;
  me: Me;
  locale: Locale;
  m: Messages;
  setLocale(locale: Locale): void;
  /** The administration the pages work on (one the user is granted). */
  administration: string;
  setAdministration(code: string): void;
  /** Whether the role allows `action` (the server checks again on every route). */
  can(action: AppAction): boolean;
  signOut(): void;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside <AppContext.Provider>');
  return services;
}

const ALLOWED: Record<string, readonly AppAction[]> = {
  operator: ['read', 'act', 'operate'],
  bookkeeper: ['read', 'act'],
  'read-only': ['read'],
};

export function roleAllows(role: string, action: AppAction): boolean {
  return ALLOWED[role]?.includes(action) ?? false;
}
