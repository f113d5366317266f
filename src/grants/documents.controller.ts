import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../core/domain/actor';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { UuidPipe } from '../core/http/uuid.pipe';
import { DocumentsService } from './documents.service';
import { GRANT_READERS } from './grants.controller';

@ApiTags('grants')
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id/content')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'Download a supporting document; X-Content-SHA256 carries the hash recorded at upload' })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ProblemDto })
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
