import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { RegisterPage, RegisterQuery, RegisteredOrganisationDto, RejectTypeDto, VerifyTypeDto } from './dto/register.dto';
import { EnterpriseNumberPipe } from './enterprise-number.pipe';
import { OrganisationsService } from './organisations.service';

// The audit authority reads the register as it reads every record; only the secretariat decides.
const REGISTER_READERS = [Role.PROGRAMME_MANAGER, Role.ADMIN, Role.AUDITOR];

@ApiTags('organisations')
@Controller('organisation-register')
export class OrganisationsController {
  constructor(private readonly register: OrganisationsService) {}

  @Get()
  @Access(...REGISTER_READERS)
  @ApiOperation({ summary: 'The organisation register: each organisation’s type and its verification; status=PENDING is the secretariat’s queue' })
  @ApiOkResponse({ type: RegisterPage })
  list(@Query() query: RegisterQuery) {
    return this.register.list(query);
  }

  @Get(':enterpriseNumber')
  @Access(...REGISTER_READERS)
  @ApiOperation({ summary: 'One organisation in the register' })
  @ApiOkResponse({ type: RegisteredOrganisationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@Param('enterpriseNumber', EnterpriseNumberPipe) enterpriseNumber: string): Promise<RegisteredOrganisationDto> {
    return this.register.get(enterpriseNumber);
  }

  @Get(':enterpriseNumber/document')
  @Access(...REGISTER_READERS)
  @ApiOperation({ summary: 'Download the supporting document of the claimed type; X-Content-SHA256 carries its recorded hash' })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiGoneResponse({ type: ProblemDto, description: 'The file is no longer in storage or no longer matches its hash (TYPE_DOCUMENT_CONTENT_MISSING)' })
  async document(@Param('enterpriseNumber', EnterpriseNumberPipe) enterpriseNumber: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.register.document(enterpriseNumber, actor);
    await reply
      .header('content-type', file.contentType)
      .header('content-length', String(file.sizeBytes))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-sha256', file.sha256)
      .send(file.stream);
  }

  @Post(':enterpriseNumber/verify')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Verify a pending type on its supporting document (programme secretariat); from then on it counts for consortia' })
  @ApiOkResponse({ type: RegisteredOrganisationDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not pending (TRANSITION_NOT_ALLOWED)' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'No supporting document (TYPE_DOCUMENT_MISSING)' })
  verify(@Param('enterpriseNumber', EnterpriseNumberPipe) enterpriseNumber: string, @Body() dto: VerifyTypeDto, @CurrentActor() actor: Actor): Promise<RegisteredOrganisationDto> {
    return this.register.verify(enterpriseNumber, dto, actor);
  }

  @Post(':enterpriseNumber/reject')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Reject a pending type, with the reason (programme secretariat); it does not count for consortia' })
  @ApiOkResponse({ type: RegisteredOrganisationDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not pending (TRANSITION_NOT_ALLOWED)' })
  reject(@Param('enterpriseNumber', EnterpriseNumberPipe) enterpriseNumber: string, @Body() dto: RejectTypeDto, @CurrentActor() actor: Actor): Promise<RegisteredOrganisationDto> {
    return this.register.reject(enterpriseNumber, dto, actor);
  }
}
