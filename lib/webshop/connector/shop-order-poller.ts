import { errorMessage } from '../../runtime/error-message.ts';
import type { ShopClient, ShopPlatform } from '../shop-platform.ts';
import type { HighWaterMarks } from './high-water-mark-store.ts';
import type { ShopSettings } from './shop-connector-settings.ts';
import type { ShopOrderIntake, ShopOrderOutcome } from './shop-order-intake.ts';

export interface ShopOrderPollerDeps {
  platform: ShopPlatform;
  marks: HighWaterMarks;
  intake: Pick<ShopOrderIntake, 'receive'>;
  clientOf: (shop: ShopSettings) => Promise<ShopClient>;
  now?: () => Date;
  /** Milliseconds left in the invocation; the poller stops between pages when less than a page's worth remains. */
  remainingMs?: () => number;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
}

export interface ShopPollResult {
  shop: string;
  since: string;
  pages: number;
  orders: number;
  counts: Partial<Record<ShopOrderOutcome['status'], number>>;
  mark?: string;
  /** Stopped before the last page (time budget): the next run goes on from the mark. */
  incomplete?: boolean;
  error?: string;
}

/** A page takes at most the client's request budget (15 s) plus the intake; below this, stop. */
const PAGE_BUDGET_MS = 30_000;

/**
 * The scheduled catch-up for every platform: orders changed since the shop's high-water mark minus the
 * overlap window, page by page, through the same intake as the webhooks; the mark moves only after a page
 * is published, so a crash reads that page again (harmless: the intake books each order state once).
 */
export class ShopOrderPoller {
  constructor(private readonly deps: ShopOrderPollerDeps) {}

  async poll(shop: ShopSettings): Promise<ShopPollResult> {
    const now = this.deps.now?.() ?? new Date();
    const platform = this.deps.platform.name;
    const mark = await this.deps.marks.get(platform, shop.name);
    const since = new Date(
      mark
        ? Date.parse(mark) - shop.pollOverlapMinutes * 60_000
        : now.getTime() - shop.initialLookbackDays * 86_400_000,
    ).toISOString();
    const result: ShopPollResult = { shop: shop.name, since, pages: 0, orders: 0, counts: {} };
    try {
      const client = await this.deps.clientOf(shop);
      let cursor: string | undefined;
      do {
        if (result.pages > 0 && (this.deps.remainingMs?.() ?? Number.POSITIVE_INFINITY) < PAGE_BUDGET_MS) {
          result.incomplete = true;
          break;
        }
        const page = await client.listOrders({ since, ...(cursor ? { cursor } : {}) });
        const outcomes = page.items.length > 0 ? await this.deps.intake.receive(shop, page.items) : [];
        result.pages++;
        result.orders += outcomes.length;
        for (const outcome of outcomes)
          result.counts[outcome.status] = (result.counts[outcome.status] ?? 0) + 1;
        const latest = latestChange(outcomes, now);
        if (latest) {
          await this.deps.marks.advance(platform, shop.name, latest);
          result.mark = latest;
        }
        cursor = page.next;
      } while (cursor);
    } catch (error) {
      result.error = errorMessage(error);
      this.deps.log?.('error', 'poll failed', {
        shop: shop.name,
        since,
        pages: result.pages,
        error: result.error,
      });
    }
    return result;
  }
}

/** The newest change of a page, never later than now (a shop clock ahead would skip orders). */
function latestChange(outcomes: readonly ShopOrderOutcome[], now: Date): string | undefined {
  let latest: number | undefined;
  for (const outcome of outcomes) {
    // A date without a zone is the shop's GMT field (`date_modified_gmt`).
    const raw = outcome.changedAt;
    const at = raw ? Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(raw) ? raw : `${raw}Z`) : Number.NaN;
    if (!Number.isNaN(at) && (latest === undefined || at > latest)) latest = at;
  }
  return latest === undefined ? undefined : new Date(Math.min(latest, now.getTime())).toISOString();
}
