// Where and how `latchkey serve` listens: interface, port, TLS, Host and CORS allowlists, proxies
// and body size (the `http` group of the server config).
// Each `.describe()` text is its entry in docs/configuration.md (`npm run docs:config`).
import * as z from 'zod';

export const httpConfigSchema = z.strictObject({
  host: z
    .string()
    .min(1)
    .max(255)
    .default('127.0.0.1')
    .describe('Interface `latchkey serve` binds; anything but loopback also needs `allowLan` and `tls`.'),
  port: z.number().int().min(0).max(65535).default(4317).describe('Port to listen on; 0 picks a free one.'),
  allowLan: z
    .boolean()
    .default(false)
    .describe('Allow one named non-loopback interface address (never `0.0.0.0`); needs `tls`.'),
  allowedHosts: z
    .array(z.string().min(1).max(255))
    .max(50)
    .default([])
    .describe('Extra names accepted in the Host header (with or without the port), e.g. `kiosk.lan`.'),
  corsOrigins: z
    .array(z.url())
    .max(50)
    .default([])
    .describe('Browser origins allowed to call the API cross-origin; empty turns CORS off; never `*`.'),
  trustedProxies: z
    .array(z.string().min(1).max(64))
    .max(50)
    .default([])
    .describe('Peer addresses of reverse proxies whose `X-Forwarded-For` is believed.'),
  tls: z
    .strictObject({
      certFile: z.string().min(1).describe('PEM certificate file.'),
      keyFile: z.string().min(1).describe('PEM private key file.'),
    })
    .optional()
    .describe('Serve HTTPS (TLS 1.2+); required beyond loopback (docs/security.md R60).'),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(64 * 1024)
    .describe('Largest request body accepted, in bytes; larger ones answer 413.'),
});
