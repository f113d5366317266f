import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../core/audit/audit.service';
import { Clock } from '../core/clock/clock';
import { AppConfig, isLoopback } from '../core/config/app.config';
import { OidcProviderSetting } from '../core/config/oidc-providers.setting';
import { Actor, systemActor } from '../core/domain/actor';
import { AccessCache } from './access-cache';
import { MappedAccount, mapClaims } from './domain/claim-mapping.rule';
import { UserDto } from './dto/auth.dto';
import { Organisation } from './entities/organisation.entity';
import { User } from './entities/user.entity';
import { OIDC_FLOW_SECONDS, OidcFlow, OidcFlowSealer, safeReturnPath } from './oidc-flow';
import { SessionsService } from './sessions.service';

/**
 * Why a sign-in through a provider ended without a session. Each is a page of the web
 * application (`/aanmelden?fout=<code>`), and an audit entry.
 */
export type OidcFailure =
  | 'provider' // no enabled provider of that name
  | 'unavailable' // the provider's discovery document or endpoints could not be reached
  | 'flow' // no sign-in under way in this browser, or it took longer than ten minutes
  | 'state' // the state does not belong to the sign-in this browser started
  | 'denied' // the person (or the provider) declined at the provider
  | 'code' // the code was refused: expired, used before, or not issued to this client
  | 'token' // the ID token did not hold up (signature, nonce, issuer, audience, expiry)
  | 'unmapped' // the claims map to no role
  | 'organisation' // an applicant without a valid enterprise number
  | 'email-missing'
  | 'email-taken' // another account has the e-mail address (accounts are never linked by e-mail)
  | 'pending' // waiting for an administrator's approval
  | 'inactive'; // the account was deactivated

class OidcSignInError extends Error {
  constructor(
    readonly reason: OidcFailure,
    readonly detail: string,
    readonly who: { subject?: string; email?: string } = {},
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface OidcRedirect {
  location: string;
  /** The flow cookie to set (on start) or clear (on callback). */
  flowCookie?: string | null;
  /** The session cookie to set after a successful callback. */
  sessionId?: string;
}

interface Identity {
  user_id: string;
  awaiting_approval: boolean;
}

/**
 * Sign-in through OpenID Connect providers: the authorization code flow with PKCE, state and
 * nonce, through openid-client (discovery, JWKS caching and key rotation are the library's).
 * Accounts are linked by (provider, subject); roles and organisation come from the claims
 * through the provider's mapping on every sign-in.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private readonly discovered = new Map<string, Promise<oidc.Configuration>>();
  private readonly sealer: OidcFlowSealer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly access: AccessCache,
    private readonly clock: Clock,
  ) {
    this.sealer = new OidcFlowSealer(config.JWT_SECRET!);
  }

  providers(): { name: string; label: string }[] {
    return this.config.enabledOidcProviders.map((p) => ({ name: p.name, label: p.label }));
  }

  /** The provider's authorization URL for a new flow, and the sealed flow for this browser's cookie. */
  async start(name: string, returnTo: unknown, correlationId: string): Promise<OidcRedirect> {
    try {
      const provider = this.provider(name);
      const configuration = await this.configuration(provider);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const flow: OidcFlow = {
        provider: provider.name,
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier,
        returnTo: safeReturnPath(returnTo),
        startedAt: Date.now(),
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: provider.redirectUri,
        scope: provider.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { location: url.href, flowCookie: this.sealer.seal(flow) };
    } catch (error) {
      return this.failed(name, error, correlationId);
    }
  }

  /**
   * The provider's answer: checks the flow this browser started (state), exchanges the code
   * (PKCE), checks the ID token (signature, nonce, issuer, audience), maps the claims and
   * opens a session. Every failure is a redirect to the sign-in page with its reason.
   */
  async callback(name: string, currentUrl: URL, flowCookie: string | undefined, correlationId: string): Promise<OidcRedirect> {
    try {
      const provider = this.provider(name);
      const flow = this.sealer.open(flowCookie);
      if (!flow || flow.provider !== provider.name || Date.now() - flow.startedAt > OIDC_FLOW_SECONDS * 1000) {
        throw new OidcSignInError('flow', 'no sign-in through this provider was started in this browser in the last ten minutes');
      }
      const state = currentUrl.searchParams.get('state') ?? '';
      if (!sameText(state, flow.state)) throw new OidcSignInError('state', 'the state is not the one this browser was sent with');
      const error = currentUrl.searchParams.get('error');
      if (error) throw new OidcSignInError(error === 'access_denied' || error === 'login_required' ? 'denied' : 'unavailable', `the provider answered ${error.slice(0, 100)}`);

      const configuration = await this.configuration(provider);
      const tokens = await this.exchange(configuration, currentUrl, flow);
      const idClaims = tokens.claims();
      if (!idClaims) throw new OidcSignInError('token', 'the provider sent no ID token');
      let claims: Record<string, unknown> = { ...idClaims };
      if (provider.userinfo && configuration.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        claims = { ...info, ...idClaims };
      }
      const subject = idClaims.sub;
      const mapped = mapClaims(claims, provider);
      if (!mapped.ok) throw new OidcSignInError(mapped.reason, mapped.detail, { subject, email: typeof claims[provider.emailClaim] === 'string' ? String(claims[provider.emailClaim]) : undefined });

      const user = await this.linkAccount(provider, subject, mapped.account, correlationId);
      const { id } = await this.sessions.open(user, { provider: provider.name, idToken: tokens.id_token ?? null });
      return { location: flow.returnTo, flowCookie: null, sessionId: id };
    } catch (error) {
      const failure = await this.failed(name, error, correlationId);
      return { ...failure, flowCookie: null };
    }
  }

  /**
   * Where the web application sends the browser after signing out, so that the provider's
   * session ends too (RP-initiated logout); null for a local session or a provider without
   * an end-session endpoint.
   */
  async endSessionUrl(sessionKey: string | undefined): Promise<string | null> {
    if (!sessionKey) return null;
    const rows = (await this.db.query(
      `SELECT oidc_provider, id_token FROM sessions WHERE token_hash = decode($1, 'hex') AND revoked_at IS NULL`,
      [sessionKey],
    )) as { oidc_provider: string | null; id_token: string | null }[];
    const session = rows[0];
    const provider = session?.oidc_provider ? this.config.enabledOidcProviders.find((p) => p.name === session.oidc_provider) : undefined;
    if (!provider) return null;
    try {
      const configuration = await this.configuration(provider);
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      const parameters: Record<string, string> = { post_logout_redirect_uri: provider.endSessionRedirect, client_id: provider.clientId };
      if (session.id_token) parameters.id_token_hint = session.id_token;
      return oidc.buildEndSessionUrl(configuration, parameters).href;
    } catch (error) {
      // Signing out here still works; the provider's session then ends with the browser.
      this.logger.warn(`no end-session URL for ${provider.name}: ${(error as Error).message}`);
      return null;
    }
  }

  private provider(name: string): OidcProviderSetting {
    const provider = this.config.enabledOidcProviders.find((p) => p.name === name);
    if (!provider) throw new OidcSignInError('provider', 'no enabled provider of this name');
    return provider;
  }

  /** Discovery once per provider and instance; a failure is not kept, so the next sign-in tries again. */
  private configuration(provider: OidcProviderSetting): Promise<oidc.Configuration> {
    let pending = this.discovered.get(provider.name);
    if (!pending) {
      const authentication =
        provider.tokenEndpointAuthMethod === 'client_secret_post' ? oidc.ClientSecretPost(provider.clientSecret) : oidc.ClientSecretBasic(provider.clientSecret);
      // Plain http only for a provider on this machine (a test or development one): the config refuses it elsewhere.
      const execute = isLoopback(new URL(provider.issuer).hostname) ? [oidc.allowInsecureRequests] : [];
      pending = oidc.discovery(new URL(provider.issuer), provider.clientId, undefined, authentication, { execute, timeout: 10 }).then((configuration) => {
        configuration.timeout = 10;
        // The ID token's signature is checked too (against the provider's published keys, which
        // the library caches and refreshes on rotation), not only trusted for arriving over TLS.
        oidc.enableNonRepudiationChecks(configuration);
        return configuration;
      });
      pending.catch(() => this.discovered.delete(provider.name));
      this.discovered.set(provider.name, pending);
    }
    return pending.catch((error: unknown) => {
      throw new OidcSignInError('unavailable', `discovery of ${provider.issuer} failed: ${(error as Error).message}`);
    });
  }

  private async exchange(configuration: oidc.Configuration, currentUrl: URL, flow: OidcFlow) {
    try {
      return await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError) {
        throw new OidcSignInError(error.error === 'invalid_grant' ? 'code' : 'unavailable', `token endpoint: ${error.error} ${error.error_description ?? ''}`.trim());
      }
      if (error instanceof oidc.AuthorizationResponseError) throw new OidcSignInError('denied', `authorization response: ${error.error}`);
      const message = (error as Error).message;
      if (/fetch failed|ECONNREFUSED|timed? ?out|aborted/i.test(message) || (error as Error).name === 'TimeoutError') throw new OidcSignInError('unavailable', message);
      throw new OidcSignInError('token', message);
    }
  }

  /**
   * Finds the account linked to (provider, subject), or creates it. The mapped roles,
   * organisation, e-mail address and name replace the account's own at every sign-in; a first sign-in through a
   * provider that requires approval leaves the account inactive until an administrator
   * activates it.
   */
  private async linkAccount(provider: OidcProviderSetting, subject: string, account: MappedAccount, correlationId: string): Promise<User> {
    const now = this.clock.now();
    const result = await this.db.transaction(async (manager) => {
      // Two first sign-ins of one person at once end up in one account.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('efro:oidc:' || $1 || ':' || $2))`, [provider.name, subject]);
      const organisationId = account.organisation ? await this.organisationId(manager, account.organisation) : null;
      const rows = (await manager.query(`SELECT user_id, awaiting_approval FROM oidc_identities WHERE provider = $1 AND subject = $2`, [provider.name, subject])) as Identity[];
      const users = manager.getRepository(User);
      if (rows.length === 0) {
        const taken = (await manager.query(`SELECT 1 FROM users WHERE email = $1`, [account.email])) as unknown[];
        if (taken.length > 0) throw new OidcSignInError('email-taken', 'another account has this e-mail address', { subject, email: account.email });
        const inserted = (await manager.query(
          `INSERT INTO users (email, full_name, password_hash, roles, organisation_id, active) VALUES ($1, $2, NULL, $3, $4, $5) RETURNING id`,
          [account.email, account.fullName.slice(0, 200), account.roles, organisationId, !provider.approvalRequired],
        )) as { id: string }[];
        const id = inserted[0].id;
        await manager.query(
          `INSERT INTO oidc_identities (provider, subject, user_id, awaiting_approval, created_at, last_sign_in_at) VALUES ($1, $2, $3, $4, $5, $5)`,
          [provider.name, subject, id, provider.approvalRequired, now],
        );
        const created = await users.findOneOrFail({ where: { id }, relations: { organisation: true } });
        await this.audit.record(manager, this.actorFor(created, correlationId), {
          action: 'user.created',
          entityType: 'user',
          entityId: id,
          after: { ...UserDto.from(created), provider: provider.name, subject },
        });
        if (provider.approvalRequired) return { outcome: 'pending' as const, user: created, changed: false };
        await this.recordSignIn(manager, provider, subject, created, correlationId);
        return { outcome: 'signed-in' as const, user: created, changed: false };
      }
      const identity = rows[0];
      const current = await users.findOneOrFail({ where: { id: identity.user_id }, relations: { organisation: true } });
      if (!current.active) return { outcome: identity.awaiting_approval ? ('pending' as const) : ('inactive' as const), user: current, changed: false };
      const fullName = account.fullName.slice(0, 200);
      // The provider is the source of the person's name and address; an address another account holds stays as it was.
      const emailTaken =
        account.email !== current.email && ((await manager.query(`SELECT 1 FROM users WHERE email = $1 AND id <> $2`, [account.email, current.id])) as unknown[]).length > 0;
      const email = emailTaken ? current.email : account.email;
      const changed =
        current.roles.join() !== account.roles.join() || current.organisationId !== organisationId || current.email !== email || current.fullName !== fullName;
      let user = current;
      if (changed) {
        await users.update(current.id, { roles: account.roles, organisationId, email, fullName });
        user = await users.findOneOrFail({ where: { id: current.id }, relations: { organisation: true } });
        await this.audit.record(manager, this.actorFor(user, correlationId), {
          action: 'user.updated',
          entityType: 'user',
          entityId: user.id,
          before: UserDto.from(current),
          after: { ...UserDto.from(user), provider: provider.name, subject },
        });
      }
      await manager.query(`UPDATE oidc_identities SET awaiting_approval = false, last_sign_in_at = $3 WHERE provider = $1 AND subject = $2`, [provider.name, subject, now]);
      await this.recordSignIn(manager, provider, subject, user, correlationId);
      return { outcome: 'signed-in' as const, user, changed };
    });
    // The trigger's announcement reaches this instance too, but perhaps only after the session opens.
    if (result.changed) this.access.evictAccount(result.user.id);
    if (result.outcome === 'pending') throw new OidcSignInError('pending', 'the account waits for an administrator\'s approval', { subject, email: account.email });
    if (result.outcome === 'inactive') throw new OidcSignInError('inactive', 'the account is deactivated', { subject, email: account.email });
    return result.user;
  }

  private recordSignIn(manager: EntityManager, provider: OidcProviderSetting, subject: string, user: User, correlationId: string): Promise<void> {
    return this.audit.record(manager, this.actorFor(user, correlationId), {
      action: 'auth.oidc.signed_in',
      entityType: 'user',
      entityId: user.id,
      after: { provider: provider.name, subject, roles: user.roles },
    });
  }

  private async organisationId(manager: EntityManager, organisation: NonNullable<MappedAccount['organisation']>): Promise<string> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Organisation)
      .values({ enterpriseNumber: organisation.enterpriseNumber, name: organisation.name.slice(0, 300), type: organisation.type, province: null, address: null })
      .orIgnore()
      .execute();
    const found = await manager.getRepository(Organisation).findOneByOrFail({ enterpriseNumber: organisation.enterpriseNumber });
    return found.id;
  }

  private actorFor(user: User, correlationId: string): Actor {
    return { userId: user.id, email: user.email, roles: user.roles, organisationId: user.organisationId, correlationId };
  }

  /** Records the failed sign-in with the provider's name and sends the browser to the page that explains it. */
  private async failed(name: string, error: unknown, correlationId: string): Promise<OidcRedirect> {
    const failure =
      error instanceof OidcSignInError ? error : new OidcSignInError('unavailable', (error as Error)?.message ?? String(error));
    if (!(error instanceof OidcSignInError)) this.logger.error(`sign-in through ${name.slice(0, 40)} failed unexpectedly`, (error as Error)?.stack);
    else this.logger.warn(`sign-in through ${name.slice(0, 40)} refused: ${failure.message}`);
    try {
      // The address the provider vouched for is personal data: kept beside the chain, as for a failed password sign-in.
      await this.audit.record(this.db.manager, systemActor(correlationId), {
        action: 'auth.oidc.sign_in_failed',
        entityType: 'oidc_provider',
        entityId: name.slice(0, 40),
        after: { provider: name.slice(0, 40), reason: failure.reason, detail: failure.detail.slice(0, 500), subject: failure.who.subject ?? null },
        ...(failure.who.email ? { personal: { email: failure.who.email } } : {}),
      });
    } catch (auditError) {
      this.logger.error(`the failed sign-in could not be audited: ${(auditError as Error).message}`);
    }
    const query = new URLSearchParams({ fout: failure.reason });
    if (this.config.enabledOidcProviders.some((p) => p.name === name)) query.set('aanbieder', name);
    return { location: `/aanmelden?${query.toString()}` };
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
