import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CallDto, ExtendClosingDto } from '../calls/dto/call.dto';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { UuidPipe } from '../core/http/uuid.pipe';
import { CallClosingService } from './call-closing.service';

@ApiTags('calls')
@Controller('calls')
export class CallClosingController {
  constructor(private readonly closing: CallClosingService) {}

  @Post(':id/closing-extension')
  @HttpCode(200)
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({
    summary: 'Extend the closing instant of a published call before it closes (never earlier, never after closing); the reason goes into the audit trail',
    description: 'Every applicant with a draft on the call is notified. Submissions are accepted until the new instant; the scheduler closes the call then.',
  })
  @ApiOkResponse({ type: CallDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'CALL_CLOSED (a closed call is never reopened) or CALL_NOT_PUBLISHED' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'CLOSING_NOT_LATER: the new instant is not after the current one' })
  extend(@Param('id', UuidPipe) id: string, @Body() dto: ExtendClosingDto, @CurrentActor() actor: Actor): Promise<CallDto> {
    return this.closing.extend(id, dto, actor);
  }
}
