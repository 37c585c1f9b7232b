// The one client the elements share: a host app configures it once with its transport before
// using the elements.
import { LatchkeyClient } from './latchkey.ts';
import type { Transport } from './transport.ts';

let configured: LatchkeyClient | undefined;

/** Host apps call this once before using the elements (the Latchkey app does it in boot.ts). */
export function configureLatchkey(transport: Transport): LatchkeyClient {
  configured = new LatchkeyClient(transport);
  return configured;
}

export function latchkey(): LatchkeyClient {
  if (!configured) throw new Error('Call configureLatchkey(transport) before using the Latchkey elements.');
  return configured;
}
