// Why a database could not be opened. These stop the server before it answers anything, so no
// token is ever issued from a database we cannot trust.

export class DatabaseFromFutureError extends Error {
  override name = 'DatabaseFromFutureError';
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(
      `The database is at schema version ${found}, newer than this Latchkey supports (${supported}). ` +
        'It was left untouched; upgrade Latchkey to open it.',
    );
    this.found = found;
    this.supported = supported;
  }
}

export class DatabaseCorruptError extends Error {
  override name = 'DatabaseCorruptError';
  readonly code = 'DB_CORRUPT';
  constructor(detail: string, options?: ErrorOptions) {
    super(`The database file is damaged and was not opened: ${detail}`, options);
  }
}
