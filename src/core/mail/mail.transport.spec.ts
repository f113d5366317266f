import { loadConfig } from '../config/app.config';
import { LogMailTransport, mailTransportFor, SmtpMailTransport } from './mail.transport';

describe('mail transport', () => {
  it('logs by default and sends through SMTP when configured', () => {
    expect(mailTransportFor(loadConfig({}))).toBeInstanceOf(LogMailTransport);
    const smtp = mailTransportFor(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail.example.test:2525' }));
    expect(smtp).toBeInstanceOf(SmtpMailTransport);
    expect(smtp.name).toBe('smtp');
  });

  it('refuses smtp without an SMTP_URL at boot', () => {
    expect(() => loadConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
  });

  it('writes nothing anywhere but the log', async () => {
    const lines: unknown[] = [];
    const transport = new LogMailTransport({ log: (message: unknown) => void lines.push(message) });
    await expect(transport.send({ to: 'a@b.test', subject: 'Onderwerp', text: 'Tekst', messageId: '<n1@b.test>' })).resolves.toBeUndefined();
    expect(lines).toEqual(['to a@b.test: Onderwerp <n1@b.test>']);
  });

  it('gives nodemailer the URL\'s server and credentials together with the short timeouts', () => {
    const smtp = mailTransportFor(
      loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtps://efro%40vlaanderen.test:p%40ss@mail.example.test:465', SMTP_GREETING_TIMEOUT_MS: '1500' }),
    ) as SmtpMailTransport;
    const options = (smtp as unknown as { transporter: { options: Record<string, unknown> } }).transporter.options;
    expect(options).toMatchObject({
      host: 'mail.example.test',
      port: 465,
      secure: true,
      auth: { user: 'efro@vlaanderen.test', pass: 'p@ss' },
      connectionTimeout: 10_000,
      greetingTimeout: 1500,
      socketTimeout: 30_000,
    });
  });
});
