import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const OIDC_FLOW_COOKIE = 'efro_oidc';
/** How long the browser may take at the provider, from the button to the callback. */
export const OIDC_FLOW_SECONDS = 600;

/** What the callback must check, kept by the browser that started the sign-in (and by no one else). */
export interface OidcFlow {
  provider: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The page to land on after sign-in (a path of this application). */
  returnTo: string;
  /** Epoch milliseconds. */
  startedAt: number;
}

/**
 * The flow is sealed (AES-256-GCM, a key derived from JWT_SECRET) into a cookie rather than
 * stored: it lives ten minutes and belongs to one browser, and any instance can open it.
 * Encrypted because the PKCE verifier must not be readable even from a copy of the cookie.
 */
export class OidcFlowSealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'efro-grants', 'oidc-flow-cookie', 32));
  }

  seal(flow: OidcFlow): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The flow, or null for a cookie that was altered, sealed with another key, or is no flow. */
  open(value: string | undefined): OidcFlow | null {
    if (!value || value.length > 4096) return null;
    const raw = Buffer.from(value, 'base64url');
    if (raw.length < 29) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const flow = JSON.parse(text) as Partial<OidcFlow>;
      const fields = [flow.provider, flow.state, flow.nonce, flow.codeVerifier, flow.returnTo];
      if (fields.some((f) => typeof f !== 'string') || typeof flow.startedAt !== 'number') return null;
      return flow as OidcFlow;
    } catch {
      return null;
    }
  }
}

/** Only paths of this application, so a crafted link cannot send a user elsewhere after sign-in. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : '/mijn-taken';
}
