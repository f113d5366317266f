import { Body, Controller, createParamDecorator, Delete, ExecutionContext, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../core/domain/actor';
import { ALL_ROLES, Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, AuthenticatedRequest, CurrentActor, Public } from '../core/http/access.decorator';
import { PageOf, PageQuery } from '../core/http/pagination';
import { UuidPipe } from '../core/http/uuid.pipe';
import { AuthService } from './auth.service';
import { PersonalDataExportDto } from './dto/personal-data.dto';
import { PersonalDataExport, PersonalDataService } from './personal-data.service';
import { CreateUserDto, LoginDto, RegisterDto, SessionDto, TokenDto, UpdateUserDto, UserDto } from './dto/auth.dto';
import { SESSION_COOKIE } from './session-token';
import { SessionsService } from './sessions.service';

/** The key of the cookie session that authenticated the request, if one did. */
const CurrentSessionKey = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().sessionKey,
);

class UserPage extends PageOf(UserDto) {}

class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}


@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({ summary: 'Register an applicant account with a new organisation; an administrator adds members to one already registered' })
  @ApiCreatedResponse({ type: TokenDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'E-mail already registered (EMAIL_TAKEN), or the organisation already is (ORGANISATION_REGISTERED)' })
  register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<TokenDto> {
    return this.auth.register(dto, String(req.id));
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Exchange e-mail and password for a bearer token' })
  @ApiOkResponse({ type: TokenDto })
  @ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Locked after repeated failures' })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenDto> {
    return this.auth.login(dto, String(req.id));
  }

  @Post('session')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in for the web application: sets the HttpOnly session cookie efro_session',
    description:
      'Same checks, throttling and errors as POST /auth/login. Writes made with the cookie (POST, PUT, PATCH, DELETE) must send the csrfToken as the X-CSRF-Token header.',
  })
  @ApiOkResponse({ type: SessionDto, headers: { 'Set-Cookie': { description: 'efro_session=…; HttpOnly; SameSite=Strict; Path=/ (and Secure outside development)', schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'Wrong e-mail address or password' })
  @ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Locked after repeated failures' })
  async signIn(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    const { id, session } = await this.sessions.signIn(dto, String(req.id));
    void reply.setCookie(SESSION_COOKIE, id, this.sessions.cookieOptions());
    return session;
  }

  @Get('session')
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'The current cookie session: the user as now, the CSRF token and when the session ends' })
  @ApiOkResponse({ type: SessionDto })
  session(@CurrentActor() actor: Actor, @CurrentSessionKey() key: string | undefined): Promise<SessionDto> {
    return this.sessions.current(actor, key);
  }

  @Delete('session')
  @HttpCode(204)
  @Access(...ALL_ROLES)
  @ApiHeader({ name: 'X-CSRF-Token', required: false, description: 'The session\'s csrfToken (required when the cookie authenticates the request)' })
  @ApiOperation({ summary: 'Sign out: ends the cookie session on the server and clears the cookie' })
  @ApiNoContentResponse({ description: 'Signed out; the cookie no longer works, even copied' })
  async signOut(@CurrentSessionKey() key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.signOut(key);
    void reply.clearCookie(SESSION_COOKIE, this.sessions.cookieOptions());
  }

  @Get('me')
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'The signed-in user, roles and organisation' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.me(actor);
  }
}

@ApiTags('personal data')
@Controller('me/personal-data')
export class MyPersonalDataController {
  constructor(private readonly personalData: PersonalDataService) {}

  @Get()
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'Everything the service keeps about you, as one JSON document (GDPR art. 15 and 20)' })
  @ApiOkResponse({ type: PersonalDataExportDto })
  export(@CurrentActor() actor: Actor): Promise<PersonalDataExport> {
    return this.personalData.export(actor.userId);
  }
}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly auth: AuthService,
    private readonly personalData: PersonalDataService,
  ) {}

  @Post()
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'Create a staff account (programme manager, evaluator, finance officer, admin)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.createUser(dto, actor);
  }

  @Patch(':id')
  @Access(Role.ADMIN)
  @ApiOperation({
    summary: 'Change an account\'s roles or deactivate / reactivate it; takes effect on its very next request',
    description: 'The account\'s bearer tokens stop working (its holder signs in again); deactivation also ends its sessions.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'An administrator cannot deactivate themself or drop their own ADMIN role' })
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.updateUser(id, dto, actor);
  }

  @Get(':id/personal-data')
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'Everything the service keeps about one person, as one JSON document (to answer an access request)' })
  @ApiOkResponse({ type: PersonalDataExportDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  exportPersonalData(@Param('id', UuidPipe) id: string): Promise<PersonalDataExport> {
    return this.personalData.export(id);
  }

  @Get()
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'List accounts, optionally by role' })
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: ListUsersQuery) {
    return this.auth.listUsers(query);
  }
}

