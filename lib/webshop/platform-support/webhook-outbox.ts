/**
 * The webhooks a platform simulator sends: each POST runs in the background (a slow receiver must not hold up
 * the API answer), `flush` waits for them; `mode` loses them (`drop`, so the poller must find the order) or sends
 * each twice (`duplicate`, so the dedupe is tested).
 */
export class WebhookOutbox {
  mode: 'deliver' | 'drop' | 'duplicate' = 'deliver';
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly fetchFn: typeof fetch = fetch) {}

  send(address: string, headers: Record<string, string>, body: string): void {
    if (this.mode === 'drop') return;
    for (let count = 0; count < (this.mode === 'duplicate' ? 2 : 1); count++) {
      const delivery: Promise<void> = this.fetchFn(address, { method: 'POST', headers, body })
        .then(async (response) => {
          await response.body?.cancel();
        })
        .catch(() => undefined)
        .finally(() => this.#pending.delete(delivery));
      this.#pending.add(delivery);
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
