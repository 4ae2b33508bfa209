/** The app's languages: Dutch first, English second. */
export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'cashlink.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'nl' || value === 'en';
}

/** The language the person chose before (stored in this browser), else the configured one, else Dutch. */
export function storedLocale(fallback: unknown, storage: Pick<Storage, 'getItem'> | undefined): Locale {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be blocked (private mode, policies): the fallback serves.
  }
  return isLocale(fallback) ? fallback : 'nl';
}

export function storeLocale(locale: Locale, storage: Pick<Storage, 'setItem'> | undefined): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not stored: the choice lasts for this page only.
  }
}

/** `template` with `{name}` replaced by `values.name` (left as is when no value is given). */
export function interpolate(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
