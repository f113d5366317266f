import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../core/domain/actor';
import { ALL_ROLES, Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor, Public } from '../core/http/access.decorator';
import { PageOf, PageQuery } from '../core/http/pagination';
import { AuthService } from './auth.service';
import { CreateUserDto, LoginDto, RegisterDto, TokenDto, UserDto } from './dto/auth.dto';

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
  constructor(private readonly auth: AuthService) {}

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
  login(@Body() dto: LoginDto): Promise<TokenDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'The signed-in user, roles and organisation' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.me(actor);
  }
}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'Create a staff account (programme manager, evaluator, finance officer, admin)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.createUser(dto, actor);
  }

  @Get()
  @Access(Role.ADMIN)
  @ApiOperation({ summary: 'List accounts, optionally by role' })
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: ListUsersQuery) {
    return this.auth.listUsers(query);
  }
}

