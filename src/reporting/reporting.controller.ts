import { Controller, Get, Param, ParseIntPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { notFound } from '../core/errors/domain.error';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor, Public } from '../core/http/access.decorator';
import { UuidPipe } from '../core/http/uuid.pipe';
import { IssuedDocumentsService, RenderedDocument } from './issued-documents.service';
import { EXPORT_KINDS, ExportKind, ExportQuery, IssuedDocumentDto } from './dto/reporting.dto';
import { ExportsService } from './exports.service';

const READERS = [Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR];
const PDF = { description: 'PDF (nl-BE)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };

function sendPdf(reply: FastifyReply, doc: RenderedDocument): StreamableFile {
  void reply.headers({
    'content-type': 'application/pdf',
    'content-disposition': `inline; filename="${doc.fileName}"`,
    'x-document-sha256': doc.dataSha256,
    'x-content-sha256': doc.fileSha256,
    'cache-control': 'private, no-store',
  });
  return new StreamableFile(doc.bytes);
}

@ApiTags('reporting')
@Controller()
export class ReportingController {
  constructor(
    private readonly documents: IssuedDocumentsService,
    private readonly exports: ExportsService,
  ) {}

  @Get('applications/:id/receipt.pdf')
  @Access(...READERS)
  @ApiOperation({ summary: 'Ontvangstbewijs: the receipt of submission as PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async receipt(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendPdf(reply, await this.documents.receipt(id, actor));
  }

  @Get('applications/:id/decision-letter.pdf')
  @Access(...READERS)
  @ApiOperation({ summary: 'Beslissingsbrief: award, reserve or rejection with the consensus scores' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async decisionLetter(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendPdf(reply, await this.documents.decisionLetter(id, actor));
  }

  @Get('grants/:id/periods/:n/cost-statement.pdf')
  @Access(...READERS)
  @ApiOperation({ summary: 'Kostenstaat of one reporting period: declared and accepted per line, flat-rate costs, subsidy due' })
  @ApiParam({ name: 'n', description: 'Reporting period number' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async costStatement(
    @Param('id', UuidPipe) id: string,
    @Param('n', new ParseIntPipe({ exceptionFactory: () => notFound('The reporting period') })) n: number,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendPdf(reply, await this.documents.costStatement(id, n, actor));
  }

  @Get('grants/:id/payment-statement.pdf')
  @Access(...READERS)
  @ApiOperation({ summary: 'Betalingsoverzicht: the grant ledger and payments to date' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async paymentStatement(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendPdf(reply, await this.documents.paymentStatement(id, actor));
  }

  @Get('recoveries/:id/letter.pdf')
  @Access(...READERS)
  @ApiOperation({ summary: 'Terugvordering: the amount unduly paid on a corrected claim, offset against a planned payment or to pay back by its due date' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async recoveryLetter(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendPdf(reply, await this.documents.recoveryLetter(id, actor));
  }

  @Get('calls/:id/overview.pdf')
  @Access(Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR)
  @ApiOperation({ summary: 'Oproepoverzicht for the government: the lab per province, totals, absorption of the envelope, reserve list' })
  @ApiProduces('application/pdf')
  @ApiOkResponse(PDF)
  async callOverview(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendPdf(reply, await this.documents.callOverview(id, actor));
  }

  @Get('documents/:hash')
  @Public()
  @ApiOperation({ summary: 'Whether a document with this SHA-256 (of its data, as in its footer, or of the file) was issued, and what it is' })
  @ApiOkResponse({ type: IssuedDocumentDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  lookup(@Param('hash') hash: string): Promise<IssuedDocumentDto> {
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw notFound('A document with this hash');
    return this.documents.lookup(hash);
  }

  @Get('exports/:kind')
  @Access(Role.FINANCE_OFFICER, Role.PROGRAMME_MANAGER, Role.AUDITOR)
  @ApiOperation({ summary: 'Export payments, cost lines, grants or the ranking as CSV (UTF-8 BOM, ;) or XLSX, streamed' })
  @ApiParam({ name: 'kind', enum: EXPORT_KINDS })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'One row per record, Dutch headers, amounts in euro and in cents' })
  async export(@Param('kind') kind: string, @Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) throw notFound(`The export ${kind}`);
    const result = await this.exports.export(kind as ExportKind, query);
    void reply.headers({ 'content-type': result.contentType, 'content-disposition': `attachment; filename="${result.fileName}"`, 'cache-control': 'no-store' });
    return new StreamableFile(result.stream);
  }
}
