import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IF_MATCH_HEADER } from '../applications/applications.controller';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { etag, expectedVersion } from '../core/http/etag';
import { UuidPipe } from '../core/http/uuid.pipe';
import { CostStatementsService } from './cost-statements/cost-statements.service';
import { CostStatementDto, PutCostStatementDto } from './cost-statements/dto/cost-statement.dto';
import { GrantDto, GrantPage, ListGrantsQuery } from './dto/grant.dto';
import { PeriodDto } from './reporting-periods/dto/period.dto';
import { ProgressReportDto, PutProgressReportDto } from './progress-reports/dto/progress-report.dto';
import { GrantsService } from './grants.service';
import { ProgressReportsService } from './progress-reports/progress-reports.service';

/** Applicants see their own grants (as beneficiary or partner); staff see all; evaluators none. */
export const GRANT_READERS = [Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR];

@ApiTags('grants')
@Controller('grants')
export class GrantsController {
  constructor(
    private readonly grants: GrantsService,
    private readonly reports: ProgressReportsService,
    private readonly statements: CostStatementsService,
  ) {}

  @Get()
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'Grants you may see, with amount, funding split, dates, status and the amounts paid, accepted and still open' })
  @ApiOkResponse({ type: GrantPage })
  list(@Query() query: ListGrantsQuery, @CurrentActor() actor: Actor) {
    return this.grants.list(query, actor);
  }

  @Get(':id')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'One grant: call, beneficiary and consortium, amount and split, dates, status, ledger and records retention date' })
  @ApiOkResponse({ type: GrantDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<GrantDto> {
    return this.grants.get(id, actor);
  }

  @Get(':id/periods')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'The reporting calendar: periods with due dates and status, then the final report' })
  @ApiOkResponse({ type: [PeriodDto] })
  periods(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<PeriodDto[]> {
    return this.grants.periods(id, actor);
  }

  @Put(':id/periods/:number/progress-report')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'File or edit the progress report of a period (members of the beneficiary): narrative and the call’s indicators' })
  @ApiHeader({ ...IF_MATCH_HEADER, description: 'ETag of the report the edit is based on (optional)' })
  @ApiOkResponse({ type: ProgressReportDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The report is submitted or accepted' })
  async putReport(
    @Param('id', UuidPipe) id: string,
    @Param('number', ParseIntPipe) number: number,
    @Body() dto: PutProgressReportDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProgressReportDto> {
    const { version, ...content } = dto;
    const report = await this.reports.put(id, number, content, expectedVersion(ifMatch, version), actor);
    void reply.header('etag', etag(report.version));
    return report;
  }

  @Put(':id/periods/:number/cost-statement')
  @Access(Role.APPLICANT)
  @ApiOperation({
    summary: 'File or edit the cost statement of a period (members of the beneficiary); staff amounts and flat-rate indirect costs are computed, never declared',
  })
  @ApiHeader({ ...IF_MATCH_HEADER, description: 'ETag of the statement the edit is based on (optional)' })
  @ApiOkResponse({ type: CostStatementDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The statement is frozen: submitted, in review or approved' })
  async putStatement(
    @Param('id', UuidPipe) id: string,
    @Param('number', ParseIntPipe) number: number,
    @Body() dto: PutCostStatementDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CostStatementDto> {
    const statement = await this.statements.put(id, number, { lines: dto.lines }, expectedVersion(ifMatch, dto.version), actor);
    void reply.header('etag', etag(statement.version));
    return statement;
  }

  @Post(':id/close')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Close a settled grant: final report accepted, no statement waiting, no payment planned' })
  @ApiOkResponse({ type: GrantDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not settled yet; every reason listed' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto })
  close(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<GrantDto> {
    return this.grants.close(id, actor);
  }
}
