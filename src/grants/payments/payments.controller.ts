import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../core/domain/actor';
import { Role } from '../../core/domain/roles';
import { ProblemDto } from '../../core/errors/problem';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { CancelPaymentDto, GrantPaymentsDto, MarkPaidDto, PaymentDto } from './dto/payment.dto';
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
  planAdvance(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.planAdvance(id, actor);
  }

  @Post('grants/:id/payments/balance')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Plan the balance with the retention, after the final report is accepted and every statement is decided' })
  @ApiCreatedResponse({ type: PaymentDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not due yet (reasons listed) or nothing left to pay' })
  planBalance(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.planBalance(id, actor);
  }

  @Post('payments/:id/paid')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Mark a planned payment paid, with its date and reference; it never changes afterwards' })
  @ApiOkResponse({ type: PaymentDto })
  markPaid(@Param('id', UuidPipe) id: string, @Body() dto: MarkPaidDto, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.markPaid(id, dto, actor);
  }

  @Post('payments/:id/cancel')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Cancel a planned payment, with a reason' })
  @ApiOkResponse({ type: PaymentDto })
  cancel(@Param('id', UuidPipe) id: string, @Body() dto: CancelPaymentDto, @CurrentActor() actor: Actor): Promise<PaymentDto> {
    return this.payments.cancel(id, dto, actor);
  }
}
