// A real OpenID provider on this machine for trying sign-in through OpenID Connect by hand
// (README, "Signing in through OpenID Connect"): oidc-provider, a development dependency, with
// its development login page (any login, any password). The login decides the claims:
// evaluator… → groups efro-evaluatoren, financien… → efro-financien, beheer… → efro-beheer,
// kmo… → the demo enterprise number 0566.988.259; anything else maps to no role (refused).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_DEV_PORT ?? 4000);
const service = process.env.OIDC_DEV_SERVICE ?? 'http://localhost:3000';
const issuer = `http://127.0.0.1:${port}`;

function claimsFor(login) {
  const groups = [];
  if (login.startsWith('evaluator')) groups.push('efro-evaluatoren');
  if (login.startsWith('financien')) groups.push('efro-financien');
  if (login.startsWith('beheer')) groups.push('efro-beheer');
  const kmo = login.startsWith('kmo') ? { kbo: '0566.988.259', org: 'Demo KMO nv' } : {};
  return { sub: login, email: `${login}@lokaal.test`, email_verified: true, name: login, groups, ...kmo };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'efro-lokaal',
      client_secret: 'lokaal-geheim-0123456789',
      redirect_uris: [`${service}/auth/oidc/lokaal/callback`],
      post_logout_redirect_uris: [`${service}/aanmelden?afgemeld=1`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  cookies: { keys: ['dev-oidc-provider-cookie-key'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], efro: ['groups', 'kbo', 'org'] },
  scopes: ['openid', 'email', 'profile', 'efro'],
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => claimsFor(id) }),
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
});

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`OpenID provider for development at ${issuer} (client efro-lokaal, redirect ${service}/auth/oidc/lokaal/callback)`);
});
