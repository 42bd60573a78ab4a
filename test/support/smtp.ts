import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The notification kind, from the unsubscribe link (digests have none). */
  kind: string | null;
  headers: ParsedMail['headers'];
}

/**
 * A real SMTP server on a free port that keeps what it accepts, parsed. `mode` decides how it
 * answers the next messages: accept, refuse for now (451) or for good (550), or hang (never
 * answer the DATA, as a server that is slow when its client is killed).
 */
export async function startSmtp() {
  const received: Received[] = [];
  const state = { mode: 'accept' as 'accept' | 'refuse' | 'reject' | 'hang', attempts: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onData(stream, _session, callback) {
      state.attempts += 1;
      const mode = state.mode;
      simpleParser(stream).then(
        (mail) => {
          if (mode === 'hang') return;
          if (mode === 'refuse') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          if (mode === 'reject') return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
          // mailparser gathers the List-* headers under 'list'.
          const unsubscribe = JSON.stringify(mail.headers.get('list') ?? '');
          received.push({
            messageId: mail.messageId ?? '',
            to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            kind: /[?&]k=([a-z_]+)/.exec(unsubscribe)?.[1] ?? null,
            headers: mail.headers,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  // A client killed mid-message (the SIGKILL test) resets its connection; smtp-server reports that
  // as an 'error' on the server, which with no listener would crash the test process. Kept, not thrown.
  const connectionErrors: string[] = [];
  server.on('error', (error: NodeJS.ErrnoException) => connectionErrors.push(error.code ?? error.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    connectionErrors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
