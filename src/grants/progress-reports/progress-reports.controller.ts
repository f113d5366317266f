import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../../core/domain/actor';
import { Role } from '../../core/domain/roles';
import { ProblemDto } from '../../core/errors/problem';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { DocumentsService } from '../documents/documents.service';
import { DocumentDto } from '../documents/dto/document.dto';
import { ProgressReportDto, ReopenReportDto, ReportDecisionDto } from './dto/progress-report.dto';
import { GRANT_READERS } from '../grants.controller';
import { ApiUploadProblems, readUpload, UPLOAD_BODY } from '../documents/multipart-upload';
import { ProgressReportsService } from './progress-reports.service';

@ApiTags('grants')
@Controller('progress-reports/:id')
export class ProgressReportsController {
  constructor(
    private readonly reports: ProgressReportsService,
    private readonly documents: DocumentsService,
  ) {}

  @Get()
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'A progress report with its indicators and documents' })
  @ApiOkResponse({ type: ProgressReportDto })
  get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ProgressReportDto> {
    return this.reports.get(id, actor);
  }

  @Post('submit')
  @HttpCode(200)
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Submit the report (members of the beneficiary); it is frozen until returned' })
  @ApiOkResponse({ type: ProgressReportDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Refused; every reason listed in errors[]' })
  submit(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ProgressReportDto> {
    return this.reports.submit(id, actor);
  }

  @Post('accept')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Accept a submitted report; accepting the final report releases the retention' })
  @ApiOkResponse({ type: ProgressReportDto })
  accept(@Param('id', UuidPipe) id: string, @Body() dto: ReportDecisionDto, @CurrentActor() actor: Actor): Promise<ProgressReportDto> {
    return this.reports.decide(id, 'accept', dto, actor);
  }

  @Post('return')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Return a submitted report to the beneficiary for completion, with a comment' })
  @ApiOkResponse({ type: ProgressReportDto })
  returnReport(@Param('id', UuidPipe) id: string, @Body() dto: ReportDecisionDto, @CurrentActor() actor: Actor): Promise<ProgressReportDto> {
    return this.reports.decide(id, 'return', dto, actor);
  }

  @Post('reopen')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({ summary: 'Reopen a submitted report for its text (narrative, indicators), with a reason; the cost statement of the period stays frozen' })
  @ApiOkResponse({ type: ProgressReportDto })
  reopen(@Param('id', UuidPipe) id: string, @Body() dto: ReopenReportDto, @CurrentActor() actor: Actor): Promise<ProgressReportDto> {
    return this.reports.reopen(id, dto, actor);
  }

  @Post('documents')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Upload a supporting document (PDF, PNG or JPEG) to a draft or returned report' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiUploadProblems()
  @ApiCreatedResponse({ type: DocumentDto })
  async upload(@Param('id', UuidPipe) id: string, @Req() request: FastifyRequest, @CurrentActor() actor: Actor): Promise<DocumentDto> {
    return this.documents.upload({ kind: 'report', id }, await readUpload(request), actor);
  }

  @Get('documents')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'The report’s documents with their SHA-256' })
  @ApiOkResponse({ type: [DocumentDto] })
  listDocuments(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<DocumentDto[]> {
    return this.documents.list({ kind: 'report', id }, actor);
  }
}
