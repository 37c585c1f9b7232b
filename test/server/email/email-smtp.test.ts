// The SMTP transport against a real SMTP server on 127.0.0.1 (smtp-server): the message arrives
// with its text and HTML parts, the relay sees our credentials, and the outbox keeps no body or
// code once the message is handed over — nor when the relay refuses it. Over STARTTLS and implicit
// TLS with a self-signed certificate: verified by default (refused), delivered when told not to
// verify, and requireTLS refuses a relay that offers no STARTTLS before any credential is sent.
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import { startServer } from '../../helpers/server.ts';
import { selfSignedCertificate } from '../../helpers/certificate.ts';
import type { Db } from '../../../main/server/db/open.ts';

interface Received {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  /** The message came over TLS (STARTTLS or implicit). */
  secure: boolean;
  raw: string;
}

/** `starttls` offers STARTTLS on a plain port; `implicit` speaks TLS from the first byte. */
type RelayTls = { mode: 'starttls' | 'implicit'; key: Buffer; cert: Buffer };

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((smtp) => new Promise<void>((resolve) => smtp.close(() => resolve()))));
});

/** An SMTP server with AUTH on a free loopback port, plaintext unless `tls`; `refuse` rejects every message. */
async function smtpServer({ refuse = false, tls }: { refuse?: boolean; tls?: RelayTls } = {}) {
  const received: Received[] = [];
  const authAttempts: string[] = [];
  const smtp = new SMTPServer({
    ...(tls
      ? { key: tls.key, cert: tls.cert, secure: tls.mode === 'implicit' }
      : { disabledCommands: ['STARTTLS'], allowInsecureAuth: true }),
    logger: false,
    onAuth(auth, _session, callback) {
      authAttempts.push(auth.username ?? '');
      if (auth.username === 'mailer' && auth.password === 's3cret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  // A client that refuses our certificate drops the connection: smtp-server reports it as an error.
  smtp.on('error', () => {});
  servers.push(smtp);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  return { port: (smtp.server.address() as AddressInfo).port, received, authAttempts };
}

const smtpConfig = (
  port: number,
  tls: { secure?: boolean; requireTLS?: boolean; rejectUnauthorized?: boolean } = {},
) => ({
  email: {
    transport: 'smtp' as const,
    from: 'Latchkey <auth@latchkey.test>',
    smtp: {
      host: '127.0.0.1',
      port,
      requireTLS: false,
      ...tls,
      auth: { user: 'mailer', pass: 's3cret' },
      timeoutSeconds: 5,
    },
    captcha: { policy: 'never' as const },
  },
});

/** Asks for a code and waits until the relay has taken or refused the mail. */
async function sendCode(server: ReturnType<typeof startServer>['server'], email = 'ada@example.com') {
  await server.caller().auth.requestEmailCode({ email });
  await server.services.mail!.idle();
}

const outboxRow = (db: Db) =>
  db.prepare('SELECT sealed, sent_at, failed_at, error, redacted_at FROM mail_outbox').get() as Record<string, unknown>;

describe('SMTP transport', () => {
  it('delivers the code mail with text and HTML parts, then redacts the outbox copy', async () => {
    const { port, received } = await smtpServer();
    const { server } = startServer(smtpConfig(port));
    await server
      .caller({ locale: 'zh', ipAddress: '192.0.2.1' })
      .auth.requestEmailCode({ email: 'li@example.com', device: { name: 'Front desk', platform: 'windows' } });
    await server.services.mail!.idle();

    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message).toMatchObject({ from: 'auth@latchkey.test', to: ['li@example.com'], user: 'mailer' });
    const parsed = await PostalMime.parse(message!.raw);
    expect(parsed.subject).toBe('您的Latchkey登录验证码');
    const code = /(\d{6})/.exec(parsed.text ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(parsed.text).toContain('“Front desk”（Windows）');
    expect(parsed.html).toContain(`<strong>${code}</strong>`);

    // Sent and redacted: the outbox keeps the fact, not the body or the code.
    expect(outboxRow(server.services.db)).toMatchObject({ sealed: null, failed_at: null });
    expect(outboxRow(server.services.db).sent_at).toEqual(expect.any(Number));
    expect(server.services.mail!.outbox()[0]).toMatchObject({ code: null, text: '', sentAt: expect.any(String) });

    // The code from the delivered mail signs in.
    const result = await server.caller().auth.verifyEmailCode({ email: 'li@example.com', code: code! });
    expect(result.requires2fa).toBe(false);
  });

  it('records a refused delivery without keeping the code', async () => {
    const { port, received } = await smtpServer({ refuse: true });
    const { server, logs } = startServer(smtpConfig(port));
    const answer = await server.caller().auth.requestEmailCode({ email: 'ada@example.com' });
    expect(answer.expiresIn).toBe(600); // the answer never waits for, or depends on, the relay
    await server.services.mail!.idle();
    expect(received).toHaveLength(0);
    expect(outboxRow(server.services.db)).toMatchObject({
      sealed: null,
      sent_at: null,
      error: 'EMESSAGE',
    });
    expect(logs.some((line) => line.includes('mail delivery failed'))).toBe(true);
  });

  describe('over TLS with a self-signed certificate', () => {
    for (const mode of ['starttls', 'implicit'] as const) {
      const secure = mode === 'implicit';

      it(`${mode}: verifying the certificate (the default) refuses the relay; no mail, no credentials`, async () => {
        const { key, ca } = selfSignedCertificate(['127.0.0.1']);
        const { port, received, authAttempts } = await smtpServer({ tls: { mode, key, cert: ca } });
        const { server, logs } = startServer(smtpConfig(port, { secure, requireTLS: !secure }));
        expect(server.config.email.smtp!.rejectUnauthorized).toBe(true);
        await sendCode(server);
        expect(received).toHaveLength(0);
        expect(authAttempts).toEqual([]);
        expect(outboxRow(server.services.db)).toMatchObject({ sent_at: null, sealed: null });
        expect(outboxRow(server.services.db).error).toBe('ESOCKET');
        expect(logs.some((line) => line.includes('mail delivery failed'))).toBe(true);
      });

      it(`${mode}: rejectUnauthorized false delivers over TLS, credentials included`, async () => {
        const { key, ca } = selfSignedCertificate(['127.0.0.1']);
        const { port, received, authAttempts } = await smtpServer({ tls: { mode, key, cert: ca } });
        const { server } = startServer(smtpConfig(port, { secure, requireTLS: !secure, rejectUnauthorized: false }));
        await sendCode(server);
        expect(authAttempts).toEqual(['mailer']);
        expect(received).toHaveLength(1);
        expect(received[0]).toMatchObject({ to: ['ada@example.com'], user: 'mailer', secure: true });
        expect(outboxRow(server.services.db)).toMatchObject({ failed_at: null, sent_at: expect.any(Number) });
      });
    }

    it('requireTLS (the default) refuses a relay that offers no STARTTLS, before sending credentials', async () => {
      const { port, received, authAttempts } = await smtpServer();
      const config = smtpConfig(port);
      delete (config.email.smtp as { requireTLS?: boolean }).requireTLS;
      const { server } = startServer(config);
      expect(server.config.email.smtp!.requireTLS).toBe(true);
      await sendCode(server);
      expect(received).toHaveLength(0);
      expect(authAttempts).toEqual([]);
      expect(outboxRow(server.services.db)).toMatchObject({ sent_at: null, sealed: null, error: 'ETLS' });
    });
  });

  it('refuses to start without an SMTP host', () => {
    expect(() => startServer({ email: { transport: 'smtp' } })).toThrow(/email\.smtp\.host/);
  });
});
