import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO), which is where the message really went. */
  to: string[];
  from: string;
  parsed: ParsedMail;
}

/** What the server answers to the next RCPT TO, until changed: accept, or an SMTP error code. */
export type RcptAnswer = { accept: true } | { code: number; message: string };

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Every RCPT TO is answered this way from now on. */
  answer(next: RcptAnswer): void;
  /**
   * Runs `hook` when the next RCPT TO arrives, and answers only once it is done: for
   * something that must happen while a message is being sent, after it was claimed.
   */
  onNextRecipient(hook: () => Promise<void>): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, in this process. A message is parsed
 * (mailparser) before the server answers DATA, so it is in `received` as soon as the
 * client's send resolves: tests need no waiting.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rcpt: RcptAnswer = { accept: true };
  let nextRecipientHook: (() => Promise<void>) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const hook = nextRecipientHook;
      nextRecipientHook = undefined;
      const answer = () => {
        if ('accept' in rcpt) return callback();
        callback(Object.assign(new Error(rcpt.message), { responseCode: rcpt.code }));
      };
      if (!hook) return answer();
      hook().then(answer, (err: Error) => callback(err));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((a) => a.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            parsed,
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    answer(next) {
      rcpt = next;
    },
    onNextRecipient(hook) {
      nextRecipientHook = hook;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An address where nothing listens: a port that was free a moment ago. */
export async function closedSmtpUrl(): Promise<string> {
  const server = await startSmtpServer();
  const { url } = server;
  await server.close();
  return url;
}
