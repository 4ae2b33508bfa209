export type LogLevel = 'info' | 'warn' | 'error';

/** Where library code reports what a person may need to see; the handler passes its logger. */
export type Log = (level: LogLevel, message: string, details?: Record<string, unknown>) => void;
