import type { Readable } from 'node:stream';

/** One message as it goes to the SMTP server. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** `<…>`: the same for every attempt, so a copy sent twice can be recognised as one. */
  messageId: string;
  /**
   * Asked as late as the transport can, just before the server takes the message for
   * good; `false` abandons it, and the server never delivers it. The deliverer checks
   * here that the message was not erased or taken over meanwhile.
   */
  stillWanted?: () => Promise<boolean>;
}

/** `sent`: the server took the message; `withdrawn`: `stillWanted` said no, and it was not sent. */
export type SendOutcome = 'sent' | 'withdrawn';

/** What sends mail. The SMTP one below in production; tests may hand in their own. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close?(): void;
}

/** A failure of one send. `permanent`: the server refused this recipient or message for good (5xx); trying again will not help. */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Servers quote the addresses they refuse: a stored or logged error must not carry them. */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g, '[address]').slice(0, 500);
}

interface SmtpError {
  code?: unknown;
  responseCode?: unknown;
  command?: unknown;
  message?: unknown;
}

class Withdrawn extends Error {}

/**
 * The message as nodemailer streams it to the server, with its end held back until
 * `stillWanted` agrees. nodemailer starts reading it only after the server's 354 answer
 * to DATA, and writes the end-of-data mark (`.`), which is what makes the server take
 * the message, only after it ends. Failing it instead makes nodemailer drop the
 * connection mid-DATA, and a server discards a message whose data never ended
 * (RFC 5321, 4.1.1.4). So the question is asked after the envelope and the whole text
 * have gone, one round trip before the server's `250`.
 */
function endWhenStillWanted(from: typeof Readable.from, input: Readable, stillWanted: () => Promise<boolean>): Readable {
  return from(
    (async function* () {
      for await (const chunk of input) yield chunk;
      if (!(await stillWanted())) throw new Withdrawn();
    })(),
    { objectMode: false },
  );
}

/** What the deliverer hands nodemailer beyond its own options: carried to the plugin below on the message's data. */
interface WithStillWanted {
  tongxinStillWanted?: () => Promise<boolean>;
}

/** Sends over SMTP with nodemailer (`smtp://user:pass@host:587` uses STARTTLS when offered; `smtps://` is TLS from the start). */
export async function smtpTransport(url: string): Promise<MailTransport> {
  // Node-only, and only loaded where mail is actually sent.
  const [{ default: nodemailer }, { Readable }] = await Promise.all([import('nodemailer'), import('node:stream')]);
  // nodemailer's defaults wait up to 10 minutes on a silent socket; a deliverer must move on sooner.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  // The last step before the transport: the message's stream, as the SMTP connection will read it.
  transporter.use('stream', (mail, done) => {
    const stillWanted = (mail.data as WithStillWanted).tongxinStillWanted;
    if (stillWanted) mail.message.processFunc((input) => endWhenStillWanted(Readable.from, input, stillWanted));
    done();
  });
  return {
    async send(mail) {
      let withdrawn = false;
      const ask = mail.stillWanted;
      const tongxinStillWanted = ask
        ? async () => {
            withdrawn = !(await ask());
            return !withdrawn;
          }
        : undefined;
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          // Asks vacation responders and the like not to answer (RFC 3834).
          headers: { 'Auto-Submitted': 'auto-generated' },
          ...({ tongxinStillWanted } satisfies WithStillWanted),
        });
        return 'sent';
      } catch (err) {
        if (withdrawn) return 'withdrawn';
        const e = (err ?? {}) as SmtpError;
        const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
        const command = typeof e.command === 'string' ? e.command : undefined;
        const permanent = status !== undefined && status >= 500 && (command === 'RCPT TO' || command === 'DATA');
        const parts = [typeof e.code === 'string' ? e.code : 'ERROR', command, redactAddresses(String(e.message ?? err))];
        throw new MailSendError(parts.filter(Boolean).join(' '), permanent);
      }
    },
    close: () => transporter.close(),
  };
}
