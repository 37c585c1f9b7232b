// The typed tRPC client the screens call the server with. Each call carries the active account's
// access token and the language; in browser mode a sign-in also carries this browser's trust
// token for the account signing in (trust-link.ts).
import { createTRPCClient, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../main/server/api/router.ts';
import { getLocale } from '../i18n/i18n.ts';
import { trustLink } from './trust-link.ts';
import type { Transport } from './transport.ts';

export function createApi(transport: Transport, accessToken: () => string | undefined): TRPCClient<AppRouter> {
  const trust = transport.deviceTrust;
  return createTRPCClient<AppRouter>({
    links: [...(trust ? [trustLink((email) => trust.get(email))] : []), transport.link(accessToken, () => getLocale())],
  });
}
