import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { etag, requiredVersion } from '../core/http/etag';
import { UuidPipe } from '../core/http/uuid.pipe';
import { isValidIdempotencyKey } from '../core/idempotency/idempotency';
import { ApplicationErrors } from './applications.errors';
import { ApplicationsService } from './applications.service';
import {
  ApplicationDto,
  ApplicationPage,
  CreateApplicationDto,
  ListApplicationsQuery,
  PutPartnersDto,
  ReceiptDto,
  UpdateApplicationDto,
} from './dto/application.dto';

const READERS = [Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR];
export const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'ETag of the version the edit is based on (or send `version` in the body)' };

@ApiTags('applications')
@Controller()
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post('calls/:callId/applications')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Start a draft proposal for a published call; your organisation becomes the lead partner' })
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The call no longer accepts proposals' })
  create(@Param('callId', UuidPipe) callId: string, @Body() dto: CreateApplicationDto, @CurrentActor() actor: Actor): Promise<ApplicationDto> {
    return this.applications.create(callId, dto, actor);
  }

  @Get('applications')
  @Access(...READERS)
  @ApiOperation({ summary: 'Proposals you may see: your organisation’s as lead or partner; all for staff' })
  @ApiOkResponse({ type: ApplicationPage })
  list(@Query() query: ListApplicationsQuery, @CurrentActor() actor: Actor) {
    return this.applications.list(query, actor);
  }

  @Get('applications/:id')
  @Access(...READERS)
  @ApiOperation({ summary: 'One proposal with its consortium; the ETag is its version' })
  @ApiOkResponse({ type: ApplicationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicationDto> {
    const application = await this.applications.get(id, actor);
    void reply.header('etag', etag(application.version));
    return application;
  }

  @Patch('applications/:id')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Edit a draft (lead partner members); needs the version it is based on' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: ApplicationDto })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: 'Stale version: someone else changed it first' })
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateApplicationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApplicationDto> {
    const { version, ...changes } = dto;
    const application = await this.applications.update(id, changes, requiredVersion(ifMatch, version), actor);
    void reply.header('etag', etag(application.version));
    return application;
  }

  @Put('applications/:id/partners')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Replace the consortium (exactly one LEAD: your organisation)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: ApplicationDto })
  putPartners(
    @Param('id', UuidPipe) id: string,
    @Body() dto: PutPartnersDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ApplicationDto> {
    return this.applications.putPartners(id, dto.partners, requiredVersion(ifMatch, dto.version), actor);
  }

  @Post('applications/:id/submit')
  @HttpCode(200)
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Submit the proposal; a retry with the same Idempotency-Key returns the same receipt' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–200 characters, unique per submission attempt' })
  @ApiOkResponse({ type: ReceiptDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Refused; every reason listed in errors[]' })
  @ApiConflictResponse({ type: ProblemDto, description: 'Already submitted, or a proposal for this call and province exists' })
  async submit(
    @Param('id', UuidPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptDto> {
    if (!isValidIdempotencyKey(key)) throw ApplicationErrors.idempotencyKeyRequired();
    const { receipt, replayed } = await this.applications.submit(id, key, actor);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return receipt;
  }

  @Get('applications/:id/receipt')
  @Access(...READERS)
  @ApiOperation({ summary: 'Receipt of submission: server time and SHA-256 of the frozen snapshot' })
  @ApiOkResponse({ type: ReceiptDto })
  receipt(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ReceiptDto> {
    return this.applications.receipt(id, actor);
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Withdraw a draft or submitted proposal, until the call closes' })
  @ApiOkResponse({ type: ApplicationDto })
  withdraw(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ApplicationDto> {
    return this.applications.withdraw(id, actor);
  }
}
