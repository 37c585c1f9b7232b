// Ends a session on the server: over the bridge main signs it out (main holds the tokens), over
// HTTP auth.logout does. A session the server already ended counts as ended.
import type { TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../main/server/api/router.ts';
import type { Transport } from './transport.ts';

/** Ends the active session, or with `userId` (over the bridge) that account's after switching to it. */
export async function endSession(transport: Transport, api: TRPCClient<AppRouter>, userId?: number): Promise<void> {
  const main = transport.mainSession;
  try {
    if (main) {
      if (userId !== undefined) await main.switchTo(userId);
      await main.signOut();
    } else {
      await api.auth.logout.mutate();
    }
  } catch {
    // Already ended on the server: signing out locally is all that is left.
  }
}
