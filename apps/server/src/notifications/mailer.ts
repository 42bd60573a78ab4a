import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';

export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string | null;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message (or the file is written). */
  send(email: OutgoingEmail): Promise<void>;
  /** For the start-up log. */
  readonly description: string;
  close(): void;
}

/** An error the server gave for good (5xx): retrying can't help. */
export function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Nodemailer over SMTP when SMTP_URL is set; otherwise each email becomes an .eml file in
 * DATA_DIR/outbox (what a developer or a demo can open), written whole or not at all.
 * The Message-ID is the outbox row's, so a message sent twice (a process killed after the server
 * accepted it, before the row was marked) is recognisably one message to mail clients.
 */
export function createMailer(options: {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
  messageIdDomain: string;
  /** Every SMTP wait ends by then (connect, greeting, each reply): keep it inside the outbox lease. */
  timeoutMs: number;
}): Mailer {
  const timeouts = { connectionTimeout: options.timeoutMs, greetingTimeout: options.timeoutMs, socketTimeout: options.timeoutMs };
  // nodemailer loads with the first email, not at start-up: most processes never send one.
  let transport: Promise<Transporter> | undefined;
  const transportOf = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      options.smtpUrl
        ? nodemailer.createTransport({ url: options.smtpUrl, ...timeouts })
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
    ));
  if (!options.smtpUrl) mkdirSync(options.outboxDir, { recursive: true });
  return {
    description: options.smtpUrl ? `SMTP ${redact(options.smtpUrl)}` : `.eml files in ${options.outboxDir} (no SMTP_URL)`,
    async send(email) {
      const info = await (await transportOf()).sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `<${email.id}@${options.messageIdDomain}>`,
        headers: email.unsubscribeUrl ? { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : undefined,
      });
      if (!options.smtpUrl) {
        const file = join(options.outboxDir, `${email.id}.eml`);
        writeFileSync(`${file}.tmp`, (info as { message: Buffer }).message);
        renameSync(`${file}.tmp`, file);
      }
    },
    close: () => void transport?.then((t) => t.close()),
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
}
