import { HubError } from '../hub-error.ts';

/** The hub's web server cannot serve the app: its folder is missing and cannot be built, or the port is taken. */
export class WebServerError extends HubError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebServerError';
  }
}
