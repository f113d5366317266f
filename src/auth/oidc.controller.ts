import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../core/config/app.config';
import { ALL_ROLES, Role } from '../core/domain/roles';
import { Access, AuthenticatedRequest, Public } from '../core/http/access.decorator';
import { OIDC_FLOW_COOKIE, OIDC_FLOW_SECONDS } from './oidc-flow';
import { OidcRedirect, OidcService } from './oidc.service';
import { SESSION_COOKIE } from './session-token';
import { SessionsService } from './sessions.service';

class OidcProviderDto {
  @ApiProperty({ example: 'vlaanderen' }) name: string;
  @ApiProperty({ example: 'Vlaamse overheid' }) label: string;
}

class SignInOptionsDto {
  @ApiProperty({ type: OidcProviderDto, isArray: true, description: 'Enabled OpenID Connect providers, in the configured order' })
  providers: OidcProviderDto[];
  @ApiProperty({ enum: Role, isArray: true, description: 'Roles that may still sign in with a password (LOCAL_SIGN_IN_ROLES)' })
  localSignInRoles: Role[];
}

class EndSessionDto {
  @ApiProperty({ type: String, nullable: true, description: 'Navigate here after DELETE /auth/session to end the provider\'s session too; null for a local session' })
  endSessionUrl: string | null;
}

class StartQuery {
  @ApiPropertyOptional({ description: 'Path of the web application to land on after signing in', example: '/mijn-taken' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  terug?: string;
}

const REDIRECT = { status: 303, description: 'To the provider (start) or to the web application: the page asked for, or /aanmelden?fout=<reason>' };

/** Sign-in through OpenID Connect providers: browser navigations that answer with redirects. */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get('providers')
  @Public()
  @ApiOperation({ summary: 'How one may sign in: the enabled OpenID Connect providers (a button each) and the roles that keep password sign-in' })
  @ApiOkResponse({ type: SignInOptionsDto })
  options(): SignInOptionsDto {
    return { providers: this.oidc.providers(), localSignInRoles: this.config.LOCAL_SIGN_IN_ROLES };
  }

  @Get(':provider/start')
  @Public()
  @ApiParam({ name: 'provider', example: 'vlaanderen' })
  @ApiOperation({ summary: 'Starts signing in through a provider (authorization code flow with PKCE): redirects the browser to it' })
  @ApiResponse(REDIRECT)
  async start(@Param('provider') provider: string, @Query() query: StartQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.send(reply, await this.oidc.start(provider, query.terug, String(req.id)));
  }

  @Get(':provider/callback')
  @Public()
  @ApiParam({ name: 'provider', example: 'vlaanderen' })
  @ApiOperation({
    summary: 'The provider\'s redirect back (redirectUri): checks state, code, PKCE and nonce, then sets the session cookie efro_session',
    description: 'Every failure redirects to /aanmelden?fout=<reason> (flow, state, code, token, denied, unmapped, organisation, email-missing, email-taken, pending, inactive, provider, unavailable).',
  })
  @ApiResponse(REDIRECT)
  async callback(@Param('provider') provider: string, @Req() req: AuthenticatedRequest, @Res() reply: FastifyReply): Promise<void> {
    const setting = this.config.enabledOidcProviders.find((p) => p.name === provider);
    // The URL as registered at the provider, not as this instance sees it behind a proxy.
    const current = new URL(setting?.redirectUri ?? 'http://localhost/');
    current.search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    this.send(reply, await this.oidc.callback(provider, current, req.cookies?.[OIDC_FLOW_COOKIE], String(req.id)));
  }

  @Get('end-session')
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'Where to send the browser after signing out so that the provider\'s session ends too (RP-initiated logout)' })
  @ApiOkResponse({ type: EndSessionDto })
  async endSession(@Req() req: AuthenticatedRequest): Promise<EndSessionDto> {
    return { endSessionUrl: await this.oidc.endSessionUrl(req.sessionKey) };
  }

  private send(reply: FastifyReply, redirect: OidcRedirect): void {
    // Lax, not Strict: the provider's redirect back is a cross-site navigation, which must carry it.
    const flowCookie = { httpOnly: true, sameSite: 'lax' as const, path: '/auth/oidc', secure: this.config.secureCookies };
    if (redirect.flowCookie) void reply.setCookie(OIDC_FLOW_COOKIE, redirect.flowCookie, { ...flowCookie, maxAge: OIDC_FLOW_SECONDS });
    else if (redirect.flowCookie === null) void reply.clearCookie(OIDC_FLOW_COOKIE, flowCookie);
    if (redirect.sessionId) void reply.setCookie(SESSION_COOKIE, redirect.sessionId, this.sessions.cookieOptions());
    void reply.header('cache-control', 'no-store').redirect(redirect.location, 303);
  }
}
