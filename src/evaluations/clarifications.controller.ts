import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor } from '../core/domain/actor';
import { Role } from '../core/domain/roles';
import { ProblemDto } from '../core/errors/problem';
import { Access, CurrentActor } from '../core/http/access.decorator';
import { UuidPipe } from '../core/http/uuid.pipe';
import { ClarificationsService } from './clarifications.service';
import { AnswerClarificationDto, ClarificationDto, RequestClarificationDto } from './dto/clarification.dto';

@ApiTags('evaluation')
@Controller()
export class ClarificationsController {
  constructor(private readonly clarifications: ClarificationsService) {}

  @Post('applications/:id/clarifications')
  @Access(Role.PROGRAMME_MANAGER)
  @ApiOperation({
    summary: 'During admissibility: ask the applicant for a clarification, with the deadline for the answer',
    description: 'The lead organisation is notified. The submitted proposal (its snapshot and hash) does not change.',
  })
  @ApiCreatedResponse({ type: ClarificationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'CLARIFICATION_NOT_IN_ADMISSIBILITY' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'CLARIFICATION_DEADLINE_NOT_IN_FUTURE' })
  request(@Param('id', UuidPipe) id: string, @Body() dto: RequestClarificationDto, @CurrentActor() actor: Actor): Promise<ClarificationDto> {
    return this.clarifications.request(id, dto, actor);
  }

  @Get('applications/:id/clarifications')
  @Access(Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR)
  @ApiOperation({ summary: 'The clarifications asked about a proposal and their answers, oldest first' })
  @ApiOkResponse({ type: [ClarificationDto] })
  @ApiNotFoundResponse({ type: ProblemDto })
  list(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<ClarificationDto[]> {
    return this.clarifications.list(id, actor);
  }

  @Post('clarifications/:id/answer')
  @HttpCode(200)
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Answer a clarification, once and before its deadline (members of the lead organisation); the proposal stays as submitted' })
  @ApiOkResponse({ type: ClarificationDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'CLARIFICATION_ANSWERED, CLARIFICATION_DEADLINE_PASSED or CLARIFICATION_NOT_IN_ADMISSIBILITY' })
  answer(@Param('id', UuidPipe) id: string, @Body() dto: AnswerClarificationDto, @CurrentActor() actor: Actor): Promise<ClarificationDto> {
    return this.clarifications.answer(id, dto, actor);
  }
}
