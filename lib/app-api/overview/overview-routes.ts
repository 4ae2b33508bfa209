import { jsonResponse } from '../../partner-api/http.ts';
import { type RunReader, type RunSummary, runSummary } from '../../runs/index.ts';
import type { AppRoute, AppRouteContext } from '../app-route.ts';
import { requireAdministration, visibleAdministrations } from '../runs/administration-check.ts';
import type { CashBudget, CashBudgetReader, DayCounts, DeadLetterDepth } from './overview-sources.ts';

/** A connector of the tenant as the overview reports it: which administrations it serves, when it is due. */
export interface OverviewConnector {
  connector: string;
  administrations: readonly string[];
  /** The connector's silence window (its setting, else the registry's); none: never silent. */
  silentAfterHours?: number;
}

export interface OverviewServices {
  /** The tenant's enabled connectors, with the settings overrides applied (read per request). */
  connectors: (administration?: string) => Promise<readonly OverviewConnector[]>;
  runs: RunReader;
  counts: DayCounts;
  deadLetters: DeadLetterDepth;
  /** Without one the budget is null (unknown). */
  cashBudget?: CashBudgetReader;
}

export interface Counts {
  booked: number;
  review: number;
  rejected: number;
  failed: number;
}

const CHART_DAYS = 30;
const WEEK_DAYS = 7;
const zero = (): Counts => ({ booked: 0, review: 0, rejected: 0, failed: 0 });
const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** The calendar date (Europe/Amsterdam, where the business books) `days` before `now`. */
export function dateBefore(now: Date, days: number): string {
  return AMSTERDAM.format(new Date(now.getTime() - days * 86_400_000));
}

function add(into: Counts, row: Counts): void {
  into.booked += row.booked;
  into.review += row.review;
  into.rejected += row.rejected;
  into.failed += row.failed;
}

/**
 * Whether a source went silent: it has a window and neither a run nor a document of it fell within that
 * many hours before now (a day with documents counts as activity until its end).
 */
export function isSilent(
  hours: number | undefined,
  now: Date,
  lastRunAt: string | undefined,
  lastDocumentDate: string | undefined,
): boolean {
  if (hours === undefined) return false;
  const since = now.getTime() - hours * 3_600_000;
  const run = lastRunAt ? Date.parse(lastRunAt) : Number.NaN;
  const document = lastDocumentDate ? Date.parse(`${lastDocumentDate}T23:59:59.999Z`) : Number.NaN;
  return !(run >= since || document >= since);
}

/** The Overzicht page: per connector and administration its last run and counts, the DLQ, the CASH budget, the chart. */
export function overviewRoutes(services: OverviewServices): AppRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/app/overview',
      action: 'read',
      handle: async (context) => jsonResponse(200, await overview(services, context)),
    },
  ];
}

async function overview(services: OverviewServices, context: AppRouteContext) {
  const asked = context.request.query?.administration;
  const administrations = asked
    ? [requireAdministration(context, 'read', asked)]
    : [...(visibleAdministrations(context) ?? context.administrations)];
  const { now } = context;
  const today = dateBefore(now, 0);
  const weekFrom = dateBefore(now, WEEK_DAYS - 1);
  const chartFrom = dateBefore(now, CHART_DAYS - 1);
  const connectors = await services.connectors(asked);
  const perAdministration = await Promise.all(
    administrations.map(async (administration) => ({
      administration,
      rows: await services.counts.countsByDay(administration, undefined, chartFrom, today),
    })),
  );
  const chart = new Map<string, Counts>();
  for (let day = CHART_DAYS - 1; day >= 0; day--) chart.set(dateBefore(now, day), zero());
  const entries: Array<{
    connector: string;
    administration: string;
    lastRun?: RunSummary;
    today: Counts;
    week: Counts;
    silent: boolean;
    expectedWithinHours?: number;
  }> = [];
  for (const { administration, rows } of perAdministration) {
    for (const row of rows) {
      const day = chart.get(row.date);
      if (day) add(day, row);
    }
    for (const definition of connectors) {
      if (!definition.administrations.includes(administration)) continue;
      const own = rows.filter((row) => row.connector === definition.connector);
      const todayCounts = zero();
      const week = zero();
      let lastDocumentDate: string | undefined;
      for (const row of own) {
        if (row.date === today) add(todayCounts, row);
        if (row.date >= weekFrom) add(week, row);
        const any = row.booked + row.review + row.rejected + row.failed > 0;
        if (any && (!lastDocumentDate || row.date > lastDocumentDate)) lastDocumentDate = row.date;
      }
      const lastRun = await services.runs.latest(definition.connector, administration);
      entries.push({
        connector: definition.connector,
        administration,
        ...(lastRun ? { lastRun: runSummary(lastRun) } : {}),
        today: todayCounts,
        week,
        silent: isSilent(definition.silentAfterHours, now, lastRun?.startedAt, lastDocumentDate),
        ...(definition.silentAfterHours !== undefined
          ? { expectedWithinHours: definition.silentAfterHours }
          : {}),
      });
    }
  }
  const only = administrations.length === 1 ? administrations[0] : undefined;
  const cashBudget: CashBudget | null =
    only && services.cashBudget ? await services.cashBudget.budget(only, now) : null;
  return {
    connectors: entries,
    deadLetters: await services.deadLetters.depth(),
    cashBudget,
    bookingsPerDay: [...chart.entries()].map(([date, counts]) => ({ date, ...counts })),
  };
}
