import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor } from '../../core/domain/actor';
import { Role } from '../../core/domain/roles';
import { ProblemDto } from '../../core/errors/problem';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import type { FastifyReply } from 'fastify';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { answer, OPTIONAL_IDEMPOTENCY_HEADER, optionalIdempotencyKey } from '../../core/idempotency/idempotency';
import { CancelPaymentDto, CorrectionResultDto, CorrectStatementDto, GrantPaymentsDto, MarkPaidDto, MarkRecoveredDto, PaymentDto, RecoveryDto } from './dto/payment.dto';
import { GRANT_READERS } from '../grants.controller';
import { PaymentsService } from './payments.service';

@ApiTags('grants')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('grants/:id/payments')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: 'Payments of a grant with their deadlines, and the ledger: commitment, advance, claims, accepted, paid, retained, open' })
  @ApiOkResponse({ type: GrantPaymentsDto })
  list(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<GrantPaymentsDto> {
    return this.payments.list(id, actor);
  }

  @Post('grants/:id/payments/advance')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Plan the advance (⌊grant × advance rate⌋, within grant − retention) when the call foresees one' })
  @ApiCreatedResponse({ type: PaymentDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'No advance foreseen, or already planned' })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async planAdvance(
    @Param('id', UuidPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentDto> {
    return answer(reply, await this.payments.planAdvance(id, actor, optionalIdempotencyKey(key)));
  }

  @Post('grants/:id/payments/balance')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Plan the balance with the retention, after the final report is accepted and every statement is decided' })
  @ApiCreatedResponse({ type: PaymentDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not due yet (reasons listed) or nothing left to pay' })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async planBalance(
    @Param('id', UuidPipe) id: string,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentDto> {
    return answer(reply, await this.payments.planBalance(id, actor, optionalIdempotencyKey(key)));
  }

  @Post('payments/:id/paid')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Mark a planned payment paid, with its date and reference; it never changes afterwards' })
  @ApiOkResponse({ type: PaymentDto })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async markPaid(
    @Param('id', UuidPipe) id: string,
    @Body() dto: MarkPaidDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentDto> {
    return answer(reply, await this.payments.markPaid(id, dto, actor, optionalIdempotencyKey(key)));
  }

  @Post('payments/:id/cancel')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Cancel a planned payment, with a reason' })
  @ApiOkResponse({ type: PaymentDto })
  cancel(@Param('id', UuidPipe) id: string, @Body() dto: CancelPaymentDto, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.cancel(id, dto, actor);
  }

  @Post('cost-statements/:id/corrections')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({
    summary:
      'Correct an approved cost statement after a later check (audit or correction, with a reason): the accepted costs go down and what was unduly paid is offset against the next planned payment, or claimed back by a recovery order',
  })
  @ApiCreatedResponse({ type: CorrectionResultDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The statement is not approved' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'CORRECTION_NOT_A_REDUCTION: the accepted costs must go down' })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async correct(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CorrectStatementDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CorrectionResultDto> {
    return answer(reply, await this.payments.correctStatement(id, dto, actor, optionalIdempotencyKey(key)));
  }

  @Post('recoveries/:id/received')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Mark an open recovery order paid back, with the date and bank reference of the refund' })
  @ApiOkResponse({ type: RecoveryDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The recovery is already settled' })
  @ApiHeader(OPTIONAL_IDEMPOTENCY_HEADER)
  async markRecovered(
    @Param('id', UuidPipe) id: string,
    @Body() dto: MarkRecoveredDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecoveryDto> {
    return answer(reply, await this.payments.markRecovered(id, dto, actor, optionalIdempotencyKey(key)));
  }
}
