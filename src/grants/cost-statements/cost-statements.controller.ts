import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '../../core/domain/actor';
import { Role } from '../../core/domain/roles';
import { ProblemDto } from '../../core/errors/problem';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { answer, OPTIONAL_IDEMPOTENCY_HEADER, optionalIdempotencyKey } from '../../core/idempotency/idempotency';
import { CostStatementsService } from './cost-statements.service';
import { DocumentsService } from '../documents/documents.service';
import { CostStatementDto, LineQuestionDto, ReturnStatementDto, ReviewLineDto } from './dto/cost-statement.dto';
import { DocumentDto } from '../documents/dto/document.dto';
import { GRANT_READERS } from '../grants.controller';
import { ApiUploadProblems, readUpload, UPLOAD_BODY } from '../documents/multipart-upload';

@ApiTags('grants')
@Controller('cost-statements/:id')
export class CostStatementsController {
  constructor(
    private readonly statements: CostStatementsService,
    private readonly documents: DocumentsService,
  ) {}

  @Get()
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'A cost statement: lines with their review, totals declared and accepted, subsidy due and payment deadline' })
  @ApiOkResponse({ type: CostStatementDto })
  get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<CostStatementDto> {
    return this.statements.get(id, actor);
  }

  @Post('submit')
  @HttpCode(200)
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Submit (or resubmit) the statement (members of the beneficiary); frozen until finance returns it' })
  @ApiOkResponse({ type: CostStatementDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Refused; every broken rule listed per line in errors[]' })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async submit(
    @Param('id', UuidPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CostStatementDto> {
    return answer(reply, await this.statements.submit(id, actor, optionalIdempotencyKey(key)));
  }

  @Put('lines/:lineId/review')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Accept a line, reduce it to an amount with a reason, or reject it with a reason' })
  @ApiOkResponse({ type: CostStatementDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'A reduction outside 0 … declared' })
  review(
    @Param('id', UuidPipe) id: string,
    @Param('lineId', UuidPipe) lineId: string,
    @Body() dto: ReviewLineDto,
    @CurrentActor() actor: Actor,
  ): Promise<CostStatementDto> {
    return this.statements.reviewLine(id, lineId, dto, actor);
  }

  @Post('lines/:lineId/question')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Ask the beneficiary a question about a line (answered when the statement is returned)' })
  @ApiOkResponse({ type: CostStatementDto })
  question(
    @Param('id', UuidPipe) id: string,
    @Param('lineId', UuidPipe) lineId: string,
    @Body() dto: LineQuestionDto,
    @CurrentActor() actor: Actor,
  ): Promise<CostStatementDto> {
    return this.statements.askQuestion(id, lineId, dto, actor);
  }

  @Post('return')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Return the statement for correction; the payment deadline restarts at resubmission' })
  @ApiOkResponse({ type: CostStatementDto })
  returnStatement(@Param('id', UuidPipe) id: string, @Body() dto: ReturnStatementDto, @CurrentActor() actor: Actor): Promise<CostStatementDto> {
    return this.statements.returnForCorrection(id, dto, actor);
  }

  @Post('approve')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Approve a reviewed statement: computes the subsidy due and plans the interim payment within the ceiling' })
  @ApiOkResponse({ type: CostStatementDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'Lines without a decision' })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not in review' })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async approve(
    @Param('id', UuidPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CostStatementDto> {
    return answer(reply, await this.statements.approve(id, actor, optionalIdempotencyKey(key)));
  }

  @Post('documents')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Upload a supporting document (invoice, payslip, proof of payment: PDF, PNG or JPEG) to a draft or returned statement' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiUploadProblems()
  @ApiCreatedResponse({ type: DocumentDto })
  async upload(@Param('id', UuidPipe) id: string, @Req() request: FastifyRequest, @CurrentActor() actor: Actor): Promise<DocumentDto> {
    return this.documents.upload({ kind: 'statement', id }, await readUpload(request), actor);
  }

  @Get('documents')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'The statement’s documents with their SHA-256' })
  @ApiOkResponse({ type: [DocumentDto] })
  listDocuments(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<DocumentDto[]> {
    return this.documents.list({ kind: 'statement', id }, actor);
  }
}
