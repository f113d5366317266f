import { Logger, LoggerService } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app.config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Where e-mail goes. Injected as this abstract class so services never know the transport:
 * MAIL_TRANSPORT=log (the default) writes a log line, smtp sends through SMTP_URL.
 */
export abstract class MailTransport {
  abstract readonly name: string;
  abstract send(message: MailMessage): Promise<void>;
}

/** Development and tests: nothing leaves the machine. */
export class LogMailTransport extends MailTransport {
  readonly name = 'log';

  /** The logger is a parameter so that a test can read the line instead of printing it. */
  constructor(private readonly logger: Pick<LoggerService, 'log'> = new Logger('Mail')) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    this.logger.log(`to ${message.to}: ${message.subject}`);
  }
}

export class SmtpMailTransport extends MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transporter = createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
}

export function mailTransportFor(config: AppConfig): MailTransport {
  if (config.MAIL_TRANSPORT === 'smtp') return new SmtpMailTransport(config.SMTP_URL!, config.MAIL_FROM);
  return new LogMailTransport();
}
