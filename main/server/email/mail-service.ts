// services.mail: records every message in the outbox, then delivers it by the configured transport.
// SMTP runs in the background, so a request's answer (and its timing) never depends on the relay;
// `idle()` lets tests and shutdown wait for deliveries in flight.
import type Nodemailer from 'nodemailer';
import type { Clock } from '../clock.ts';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/open.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Logger } from '../logger.ts';
import type { MailService, OutgoingMail } from '../services.ts';
import type { SmtpConfig } from './config.ts';
import { closeOutboxMessage, insertOutboxMessage, listOutbox, markOutboxSent, outboxMessageExists } from './outbox.ts';
import { noticeMail } from './messages.ts';
import { lazyRequire } from '../lazy-require.ts';

const nodemailer = lazyRequire<typeof Nodemailer>('nodemailer');

export interface MailServiceDeps {
  db: Db;
  /** Seals each message's text, HTML and code in the outbox. */
  secretBox: SecretBox;
  clock: Clock;
  config: ServerConfig;
  logger: Logger;
  /** Where the console transport prints (default: stdout). It is a mailbox, not a log. */
  consoleWrite?: ((text: string) => void) | undefined;
}

/** The mail service for the configured transport, or undefined when mail is switched off. */
export function createMailService(deps: MailServiceDeps): MailService | undefined {
  const { db, secretBox, clock, config, logger } = deps;
  const { transport, from, smtp } = config.email;
  if (transport === 'none') return undefined;
  if (transport === 'smtp' && !smtp) throw new Error('email.transport "smtp" needs email.smtp.host.');
  const relay = transport === 'smtp' && smtp ? smtpTransporter(smtp) : undefined;
  const write = deps.consoleWrite ?? ((text: string) => process.stdout.write(text));
  const inFlight = new Set<Promise<void>>();
  const idle = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  async function relayMessage(id: number, mail: OutgoingMail): Promise<void> {
    // send() may run inside a transaction: start only once it has committed, and only if it did.
    await Promise.resolve();
    if (!outboxMessageExists(db, id)) return;
    try {
      await relay!.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      closeOutboxMessage(db, id, { sentAt: clock.now() });
    } catch (error) {
      const reason = (error as { code?: unknown }).code;
      const code = typeof reason === 'string' ? reason : 'ESEND';
      logger.log('warn', 'mail delivery failed', { outboxId: id, transport, error: code });
      if (db.open) closeOutboxMessage(db, id, { failedAt: clock.now(), error: code });
    }
  }

  const service: MailService = {
    transport,
    outbox: (filter = {}) => listOutbox(db, secretBox, filter),
    notify(notice) {
      service.send(noticeMail(notice));
    },
    send(mail) {
      const now = clock.now();
      const id = insertOutboxMessage(db, secretBox, mail, transport, now);
      if (transport === 'console') {
        write(`\n--- mail to ${mail.to} ---\nSubject: ${mail.subject}\n\n${mail.text}--- end of mail ---\n`);
        markOutboxSent(db, id, now);
      } else if (relay) {
        const delivery = relayMessage(id, mail).finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
      return id;
    },
    markSent: (id) => markOutboxSent(db, id, clock.now()),
    idle,
    async close() {
      await idle();
      relay?.close();
    },
  };
  return service;
}

function smtpTransporter(smtp: SmtpConfig) {
  const timeout = smtp.timeoutSeconds * 1000;
  return nodemailer().createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTLS,
    auth: smtp.auth,
    tls: { rejectUnauthorized: smtp.rejectUnauthorized },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
}
