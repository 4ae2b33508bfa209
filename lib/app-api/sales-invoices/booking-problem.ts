import { HttpProblem } from '../../partner-api/errors.ts';
import { SalesBookingError } from '../../sales-invoices/index.ts';

/**
 * The event data `build` makes; a booking the administration's settings cannot make (SalesBookingError)
 * becomes a 409 that names the setting, for the invoice and the credit note alike.
 */
export function bookingOrProblem<T>(build: () => T, what: string): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof SalesBookingError)
      throw new HttpProblem(
        409,
        'Conflict',
        `${what} cannot be booked with these settings`,
        [{ path: error.path, rule: 'booking-settings', message: error.message }],
        {},
        { cause: error },
      );
    throw error;
  }
}
