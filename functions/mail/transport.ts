/** One message as it goes to the SMTP server. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** `<…>`: the same for every attempt, so a copy sent twice can be recognised as one. */
  messageId: string;
}

/** What sends mail. The SMTP one below in production; tests may hand in their own. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
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

/** Sends over SMTP with nodemailer (`smtp://user:pass@host:587` uses STARTTLS when offered; `smtps://` is TLS from the start). */
export async function smtpTransport(url: string): Promise<MailTransport> {
  // Node-only, and only loaded where mail is actually sent.
  const { default: nodemailer } = await import('nodemailer');
  // nodemailer's defaults wait up to 10 minutes on a silent socket; a deliverer must move on sooner.
  const transporter = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          // Asks vacation responders and the like not to answer (RFC 3834).
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
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
