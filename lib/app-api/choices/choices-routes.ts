import type { MirrorKind, MirrorSnapshot } from '../../mirror/index.ts';
import { jsonResponse } from '../../partner-api/http.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { MAX_PAGE_LIMIT, QueryReader } from '../query-reader.ts';
import { type Choice, choiceMatches, choicesOf } from './choice.ts';

export const CHOICE_KINDS = [
  'ledgerAccounts',
  'relations',
  'journals',
  'costCentres',
  'articles',
  'vatCodes',
] as const;
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

export interface ChoicesServices {
  /** The CASH mirror (`MirrorStore` satisfies it). */
  mirror: { read<K extends MirrorKind>(administration: string, kind: K): Promise<MirrorSnapshot[K]> };
  /** The BTW-codes an administration books with, from its settings. */
  vatCodes(administration: string): Choice[];
}

/**
 * GET …/administrations/{administration}/choices?kind=&q=&limit=: what a person can pick in a form (ledger
 * accounts, relations, journals, cost centres, articles from the CASH mirror; VAT codes from the settings),
 * searched by code or name.
 */
export function choicesRoutes(services: ChoicesServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/administrations/{administration}/choices',
      action: 'read',
      handle: (ctx) => choices(ctx, services),
    },
  ];
}

async function choices(ctx: AppRouteContext, services: ChoicesServices) {
  const administration = ctx.params.administration as string;
  const query = new QueryReader(ctx.request.query);
  const kind = query.oneOf('kind', CHOICE_KINDS, true) as ChoiceKind;
  const q = query.text('q', 100);
  const { limit } = query.page();
  query.done();
  const all =
    kind === 'vatCodes'
      ? services.vatCodes(administration)
      : choicesOf(kind, await services.mirror.read(administration, kind));
  const items = (q ? all.filter((c) => choiceMatches(c, q)) : all).slice(0, Math.min(limit, MAX_PAGE_LIMIT));
  return jsonResponse(200, { items });
}
