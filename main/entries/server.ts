// `latchkey/server`: the auth server for Node code that embeds it.
import './require-node.ts';

export * from '../server/index.ts';
export { ERROR_CODES, type ApiError, type ErrorCode, type Locale } from '../../shared/errors.ts';
