/** Documents per day of one administration (the index team's `DocumentQueries.countsByDay`). */
export interface DayCounts {
  countsByDay(
    administration: string,
    connector: string | undefined,
    fromDate: string,
    toDate: string,
  ): Promise<
    Array<{
      date: string;
      connector: string;
      booked: number;
      review: number;
      rejected: number;
      failed: number;
    }>
  >;
}

/** How many messages wait in the event queue's dead-letter queue. */
export interface DeadLetterDepth {
  depth(): Promise<number>;
}

export interface CashBudget {
  /** Tokens of the burst in use now. */
  used: number;
  /** The burst: requests an idle key lets through at once. */
  limit: number;
  /** Seconds an empty bucket takes to fill again. */
  windowSeconds: number;
}

/** The CASH rate budget in use for an administration; null when it cannot be known. */
export interface CashBudgetReader {
  budget(administration: string, now: Date): Promise<CashBudget | null>;
}
