// The SMTP transport against a real SMTP server on 127.0.0.1 (smtp-server): the message arrives
// with its text and HTML parts, the relay sees our credentials, and the outbox keeps no body or
// code once the message is handed over — nor when the relay refuses it.
import { afterEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import { startServer } from '../../helpers/server.ts';
import type { Db } from '../../../main/server/db/open.ts';

interface Received {
  from: string | undefined;
  to: string[];
  user: string | undefined;
  raw: string;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((smtp) => new Promise<void>((resolve) => smtp.close(() => resolve()))));
});

/** A plaintext SMTP server with AUTH on a free loopback port; `refuse` rejects every message. */
async function smtpServer({ refuse = false } = {}) {
  const received: Received[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
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
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  servers.push(smtp);
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  return { port: (smtp.server.address() as AddressInfo).port, received };
}

const smtpConfig = (port: number) => ({
  email: {
    transport: 'smtp' as const,
    from: 'Latchkey <auth@latchkey.test>',
    smtp: { host: '127.0.0.1', port, requireTLS: false, auth: { user: 'mailer', pass: 's3cret' }, timeoutSeconds: 5 },
    captcha: { policy: 'never' as const },
  },
});

const outboxRow = (db: Db) =>
  db
    .prepare('SELECT text_body, html_body, code, sent_at, failed_at, error, redacted_at FROM mail_outbox')
    .get() as Record<string, unknown>;

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
    expect(outboxRow(server.services.db)).toMatchObject({ text_body: '', html_body: '', code: null, failed_at: null });
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
      code: null,
      text_body: '',
      sent_at: null,
      error: 'EMESSAGE',
    });
    expect(logs.some((line) => line.includes('mail delivery failed'))).toBe(true);
  });

  it('refuses to start without an SMTP host', () => {
    expect(() => startServer({ email: { transport: 'smtp' } })).toThrow(/email\.smtp\.host/);
  });
});
