import { en } from './en.ts';
import type { Locale } from './locale.ts';
import { type Messages, nl } from './nl.ts';

export { interpolate, isLocale, LOCALES, type Locale, storedLocale, storeLocale } from './locale.ts';
export type { Messages };

export const MESSAGES: Record<Locale, Messages> = { nl, en };
