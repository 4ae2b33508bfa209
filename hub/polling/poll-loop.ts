/** How often the hub looks again when nothing says otherwise (the hub's documented 0.5 s). */
export const DEFAULT_POLL_INTERVAL_MS = 500;

export interface PollLoopOptions {
  /** Pause between the end of one pass and the start of the next. */
  intervalMs?: number | undefined;
  /** Told about every pass that failed while the loop ran it; the loop keeps going. */
  onError: (error: unknown) => void;
}

/** One `start()` … `stop()` period; a restart gets a fresh one, so a loop that is winding down stays stopped. */
interface Session {
  stopped: boolean;
  wake: () => void;
  done: Promise<void>;
}

/**
 * The polling loop the hub's watchers are built on: a pass, a pause, the next pass — until stopped. A
 * watcher extends it and says what one pass is (`scanOnce`). Passes never overlap, not even with one asked
 * for directly through `scan()`; `stop()` resolves only after the pass under way has finished; a failed
 * pass is reported through `onError` and never becomes an unhandled rejection.
 */
export abstract class PollLoop {
  private session?: Session;
  private inFlight?: Promise<void>;
  private followUp?: Promise<void>;
  private readonly pollOptions: PollLoopOptions;

  protected constructor(options: PollLoopOptions) {
    this.pollOptions = options;
  }

  /** One pass over what is watched; it may throw, the loop carries on. */
  protected abstract scanOnce(): Promise<void>;

  /** Whether the loop was started and not stopped since. */
  get running(): boolean {
    return this.session !== undefined && !this.session.stopped;
  }

  start(): void {
    if (this.running) return;
    const session: Session = { stopped: false, wake: () => {}, done: Promise.resolve() };
    this.session = session;
    session.done = this.run(session);
  }

  /** Stops polling; resolves once the pass under way (if any) and every pass asked for have finished. */
  async stop(): Promise<void> {
    const session = this.session;
    if (session) {
      session.stopped = true;
      session.wake();
      await session.done;
    }
    await (this.followUp ?? this.inFlight)?.catch(() => undefined);
  }

  /**
   * One pass now; if a pass is under way, one more right after it (callers that ask meanwhile share that
   * one), so what was there when asked is always seen. Rejects with the pass's error.
   */
  scan(): Promise<void> {
    if (this.followUp) return this.followUp;
    const current = this.inFlight;
    if (!current) return this.launch();
    const followUp = current
      .catch(() => undefined)
      .then(() => {
        this.followUp = undefined;
        return this.launch();
      });
    this.followUp = followUp;
    return followUp;
  }

  private launch(): Promise<void> {
    // An async wrapper, so that a scan throwing before its first await still becomes a rejection.
    const pass = (async () => this.scanOnce())().finally(() => {
      if (this.inFlight === pass) this.inFlight = undefined;
    });
    this.inFlight = pass;
    return pass;
  }

  private async run(session: Session): Promise<void> {
    while (!session.stopped) {
      try {
        await this.scan();
      } catch (error) {
        this.report(error);
      }
      if (session.stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollOptions.intervalMs ?? DEFAULT_POLL_INTERVAL_MS);
        session.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private report(error: unknown): void {
    try {
      this.pollOptions.onError(error);
    } catch {
      // A failing error reporter must not end the loop; there is nowhere left to report to.
    }
  }
}
