/** Root of every error raised by bank matching; callers can catch this one class. */
export class MatchingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MatchingError';
  }
}

/** A memory file that is not valid JSON or not in the connector's memory format. */
export class MatchMemoryFormatError extends MatchingError {
  readonly issues: string[];
  constructor(message: string, issues: string[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'MatchMemoryFormatError';
    this.issues = issues;
  }
}

/** An open-items file that cannot be read at all (single bad items are reported, not thrown). */
export class OpenItemsFormatError extends MatchingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OpenItemsFormatError';
  }
}

/** A decision that cannot be turned into a booking (e.g. no journal configured for the account). */
export class BookingError extends MatchingError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BookingError';
  }
}
