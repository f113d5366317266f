import { Logger, LoggerService } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app.config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** `<id@domain>`: the same on every attempt at the same mail. */
  messageId: string;
  headers?: Record<string, string>;
}

/**
 * Why a mail was not sent. `permanent`: the server refused it for good (a 5xx answer), so
 * retrying cannot help. `unreachable`: the connection itself failed (refused, timed out, no
 * greeting, dropped), so the next mail would fare no better in this run.
 */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly unreachable: boolean,
  ) {
    super(message);
  }
}

/**
 * Where e-mail goes. Injected as this abstract class so services never know the transport:
 * MAIL_TRANSPORT=log (the default) writes a log line, smtp sends through SMTP_URL.
 */
export abstract class MailTransport {
  abstract readonly name: string;
  /** Rejects with a MailDeliveryError. */
  abstract send(message: MailMessage): Promise<void>;
  /** How long one send may take at most, for the lease of the notification being sent. */
  abstract readonly maxSendMs: number;
}

/** Development and tests: nothing leaves the machine. */
export class LogMailTransport extends MailTransport {
  readonly name = 'log';
  readonly maxSendMs = 1000;

  /** The logger is a parameter so that a test can read the line instead of printing it. */
  constructor(private readonly logger: Pick<LoggerService, 'log'> = new Logger('Mail')) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    this.logger.log(`to ${message.to}: ${message.subject} ${message.messageId}`);
  }
}

interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
}

/** Nodemailer's codes for a connection that failed before or while a command was answered. */
const CONNECTION_CODES = new Set(['ETIMEDOUT', 'ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS']);

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export class SmtpMailTransport extends MailTransport {
  readonly name = 'smtp';
  readonly maxSendMs: number;
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeouts: SmtpTimeouts,
  ) {
    super();
    // One connection per mail (no pool): a dropped connection never takes a second mail with it.
    // Options, not the URL string: given a URL, nodemailer drops every other option, timeouts included.
    const u = new URL(url);
    this.transporter = createTransport({
      host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port ? Number(u.port) : undefined,
      secure: u.protocol === 'smtps:',
      auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      dnsTimeout: timeouts.connectionMs,
    });
    // DNS, connect, greeting, then EHLO, MAIL, RCPT, DATA, the message and its answer.
    this.maxSendMs = 2 * timeouts.connectionMs + timeouts.greetingMs + 6 * timeouts.socketMs;
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      });
    } catch (error) {
      const e = error as SmtpError;
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
      const unreachable = !permanent && (e.command === 'CONN' || CONNECTION_CODES.has(e.code ?? ''));
      const detail = [e.code, e.responseCode, e.message].filter((x) => x !== undefined && x !== '').join(' ');
      throw new MailDeliveryError(detail.slice(0, 500), permanent, unreachable);
    }
  }
}

export function mailTransportFor(config: AppConfig): MailTransport {
  if (config.MAIL_TRANSPORT === 'smtp') {
    return new SmtpMailTransport(config.SMTP_URL!, config.MAIL_FROM, {
      connectionMs: config.SMTP_CONNECTION_TIMEOUT_MS,
      greetingMs: config.SMTP_GREETING_TIMEOUT_MS,
      socketMs: config.SMTP_SOCKET_TIMEOUT_MS,
    });
  }
  return new LogMailTransport();
}
