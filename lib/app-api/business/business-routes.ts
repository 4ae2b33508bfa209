import type { MirrorSnapshot } from '../../mirror/index.ts';
import { jsonResponse } from '../../partner-api/http.ts';
import type { AppRoute } from '../app-route.ts';
import { answering, param } from '../relations/index.ts';
import {
  type BusinessStatusSettings,
  businessStatus,
  DEFAULT_BUSINESS_STATUS_SETTINGS,
  type LedgerBalance,
} from './business-status.ts';

export interface BusinessServices {
  mirror: {
    read<K extends 'openItems' | 'journals' | 'ledgerAccounts'>(
      administration: string,
      kind: K,
    ): Promise<MirrorSnapshot[K]>;
  };
  /** Ledger balances of the administration; undefined when CASH's mutations are not mirrored. */
  ledgerBalances?: (administration: string) => Promise<LedgerBalance[] | undefined>;
  settings?: (administration: string) => Promise<Partial<BusinessStatusSettings> | undefined>;
}

const dutchToday = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(now);

/** Bedrijfsstatus: GET …/business-status, from the CASH mirror (see businessStatus). */
export function businessRoutes(services: BusinessServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/administrations/{administration}/business-status',
      action: 'read',
      handle: (context) =>
        answering(async () => {
          const administration = param(context, 'administration');
          const [openItems, journals, ledgerAccounts, ledgerBalances, settings] = await Promise.all([
            services.mirror.read(administration, 'openItems'),
            services.mirror.read(administration, 'journals'),
            services.mirror.read(administration, 'ledgerAccounts'),
            services.ledgerBalances?.(administration),
            services.settings?.(administration),
          ]);
          return jsonResponse(
            200,
            businessStatus({
              asOf: dutchToday(context.now),
              openItems,
              journals,
              ledgerAccounts,
              ...(ledgerBalances ? { ledgerBalances } : {}),
              settings: { ...DEFAULT_BUSINESS_STATUS_SETTINGS, ...settings },
            }),
          );
        }),
    },
  ];
}
