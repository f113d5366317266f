import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import './quiet-oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider, an OpenID-certified implementation) on a loopback
 * port, in the test process. Its development interactions serve the login page (any login
 * is the account id, any password); consent is given for the test clients at once, as for a
 * first-party client. The tests set each account's claims and may change them between sign-ins.
 */
export interface TestIdp {
  issuer: string;
  /** Account id (the login typed at the provider) → its claims. */
  accounts: Map<string, Record<string, unknown>>;
  /** The key id the provider signs ID tokens with now. */
  kid: string;
  /** Replaces the signing keys (old ones are no longer published), as a provider rotating its keys. */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

async function signingKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

export async function startTestIdp(clients: TestClient[]): Promise<TestIdp> {
  const accounts = new Map<string, Record<string, unknown>>();
  let provider: Provider | undefined;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const build = async () => {
    const key = await signingKey();
    const configuration: Configuration = {
      clients: clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: [c.redirectUri],
        post_logout_redirect_uris: [c.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys: [key] },
      cookies: { keys: ['test-idp-cookie-key-0123456789abcdef'] },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], efro: ['groups', 'kbo', 'org'] },
      scopes: ['openid', 'email', 'profile', 'efro'],
      findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
        if (!accounts.has(id)) return undefined;
        return { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) };
      },
      // First-party clients: consent is implied, so the login page is the only interaction.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const clientId = ctx.oidc.client!.clientId;
        const existing = ctx.oidc.session!.grantIdFor(clientId);
        if (existing) {
          const found = await ctx.oidc.provider.Grant.find(existing);
          if (found) return found;
        }
        const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid email profile efro');
        await grant.save();
        return grant;
      },
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
            ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Sign out</title></head><body><main><h1>Sign out of the test provider?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button></main></body></html>`;
          },
        },
      },
      pkce: { required: () => true },
    };
    const next = new Provider(issuer, configuration);
    return { next, kid: key.kid };
  };

  let { next, kid } = await build();
  provider = next;
  handler = provider.callback();
  const idp: TestIdp = {
    issuer,
    accounts,
    kid,
    rotateKeys: async () => {
      ({ next, kid } = await build());
      provider = next;
      handler = provider.callback();
      idp.kid = kid;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return idp;
}

/** A cookie jar for one origin: enough for the provider's session and interaction cookies. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a));
      if (expired || value.join('=') === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Follows the provider's redirects from its authorization URL, signing in as `login` on its
 * login page, until it redirects back to the client; returns that URL (the callback with code and state).
 */
export async function signInAtIdp(authorizationUrl: string, login: string, jar = new CookieJar()): Promise<URL> {
  let url = new URL(authorizationUrl);
  const issuerOrigin = url.origin;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== issuerOrigin) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html)?.[1];
    if (response.status !== 200 || !action || !html.includes('name="login"')) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 300)}`);
    const submitted = await fetch(new URL(action, url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString(),
    });
    jar.take(submitted);
    const after = submitted.headers.get('location');
    if (!after) throw new Error(`the login form answered ${submitted.status}`);
    url = new URL(after, url);
  }
  throw new Error('the provider never redirected back');
}
