import { HubConsole } from '../../hub/console/hub-console.ts';

/** A hub console that keeps what it prints in `lines` (shown when an assertion fails) instead of the terminal. */
export function quietConsole(lines: string[]): HubConsole {
  return new HubConsole({
    write(chunk: string) {
      lines.push(chunk);
      return true;
    },
  } as never);
}

/** Polls `probe` every 100 ms until it answers something, or fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
