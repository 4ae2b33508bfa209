import { type BankRulesServices, bankRulesRoutes } from '../../lib/app-api/bank-rules/index.ts';
import { type BusinessServices, businessRoutes } from '../../lib/app-api/business/index.ts';
import { type ChoicesServices, choicesRoutes } from '../../lib/app-api/choices/index.ts';
import { type DeliveriesServices, deliveriesRoutes } from '../../lib/app-api/deliveries/index.ts';
import { type DocumentsServices, documentsRoutes } from '../../lib/app-api/documents/index.ts';
import { hoursRoutes } from '../../lib/app-api/hours/index.ts';
import type { AppRoute } from '../../lib/app-api/index.ts';
import { type MeServices, meRoutes } from '../../lib/app-api/me/index.ts';
import { type OverviewServices, overviewRoutes } from '../../lib/app-api/overview/index.ts';
import { type ReceiptServices, receiptsRoutes } from '../../lib/app-api/receipts/index.ts';
import { type RelationsServices, relationsRoutes } from '../../lib/app-api/relations/index.ts';
import { type ReviewServices, reviewRoutes } from '../../lib/app-api/review/index.ts';
import { type RunsServices, runsRoutes } from '../../lib/app-api/runs/index.ts';
import { type SalesInvoiceServices, salesInvoicesRoutes } from '../../lib/app-api/sales-invoices/index.ts';
import { type SettingsServices, settingsRoutes } from '../../lib/app-api/settings/index.ts';
import { type UsersServices, usersRoutes } from '../../lib/app-api/users/index.ts';

/** Every service the app's areas take; each area reads the part it needs. */
export type AppServices = MeServices &
  ChoicesServices &
  ReviewServices &
  DocumentsServices &
  RelationsServices &
  SalesInvoiceServices &
  BusinessServices &
  ReceiptServices & {
    /** api-ops: runs, overview, bank rules, settings and users (API keys are the partner-api function's). */
    ops: OpsServices;
    /** Leveringen: the outbound delivery records and "send again". */
    deliveries: DeliveriesServices;
  };

export interface OpsServices {
  runs: RunsServices;
  overview: OverviewServices;
  bankRules: BankRulesServices;
  settings: SettingsServices;
  users: UsersServices;
}

/**
 * The app API's routes, area by area. Each team adds its area's `<area>Routes(services)` here (and what it
 * needs to `AppServices`); the router refuses a method and path defined twice.
 */
export function appRoutes(services: AppServices): AppRoute[] {
  return [
    ...meRoutes(services),
    ...choicesRoutes(services),
    ...reviewRoutes(services),
    ...documentsRoutes(services),
    ...overviewRoutes(services.ops.overview),
    ...runsRoutes(services.ops.runs),
    ...deliveriesRoutes(services.deliveries),
    ...bankRulesRoutes(services.ops.bankRules),
    ...settingsRoutes(services.ops.settings),
    ...usersRoutes(services.ops.users),
    ...receiptsRoutes(services),
    ...relationsRoutes(services),
    ...businessRoutes(services),
    ...hoursRoutes(services),
    ...salesInvoicesRoutes(services),
  ];
}
