import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../../core/domain/actor';
import { ProblemDto } from '../../core/errors/problem';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { DocumentsService } from './documents.service';
import { UploadRulesDto } from './dto/document.dto';
import { GRANT_READERS } from '../grants.controller';

@ApiTags('grants')
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id/content')
  @Access(...GRANT_READERS)
  @ApiOperation({
    summary: 'Download a supporting document; X-Content-SHA256 carries the hash recorded at upload',
    description: 'The bytes are checked against that hash before they are sent, and again while they stream (a change in between cuts the response off).',
  })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The stored bytes no longer match the recorded SHA-256 (DOCUMENT_INTEGRITY_FAILED); not served, an alert is logged' })
  @ApiGoneResponse({ type: ProblemDto, description: 'The file is no longer in storage (DOCUMENT_CONTENT_MISSING); an alert is logged' })
  async content(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    const { document, stream } = await this.documents.content(id, actor);
    await reply
      .header('content-type', document.contentType)
      .header('content-length', String(document.sizeBytes))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`)
      .header('x-content-sha256', document.sha256)
      .send(stream);
  }
}

@ApiTags('grants')
@Controller('supporting-documents')
export class UploadRulesController {
  constructor(private readonly documents: DocumentsService) {}

  @Get('rules')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'What a supporting document must meet: the largest size and the accepted types (checked again at upload)' })
  @ApiOkResponse({ type: UploadRulesDto })
  rules(): UploadRulesDto {
    return this.documents.uploadRules();
  }
}
