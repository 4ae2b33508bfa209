/** Root of the simulator's own errors (misuse of the in-process API, unreadable snapshots). */
export class CashSimulatorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CashSimulatorError';
  }
}

/** A snapshot or persisted state file that cannot be read back. */
export class SimulatorSnapshotError extends CashSimulatorError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulatorSnapshotError';
  }
}

/** An administration code the simulator does not serve. */
export class UnknownAdministrationError extends CashSimulatorError {
  constructor(
    readonly admin: string,
    options?: { cause?: unknown },
  ) {
    super(`Administration ${admin} does not exist in the simulator`, options);
    this.name = 'UnknownAdministrationError';
  }
}
