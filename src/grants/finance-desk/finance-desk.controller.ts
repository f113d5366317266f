import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../core/domain/roles';
import { Access } from '../../core/http/access.decorator';
import { CostStatementQueuePage, CostStatementQueueQuery, PaymentsAcrossGrantsPage, PaymentsAcrossGrantsQuery } from './dto/finance-desk.dto';
import { FinanceDeskService } from './finance-desk.service';

/** The finance desk's work across grants: the queue of claims to verify and the payments to make. */
@ApiTags('grants')
@Controller()
export class FinanceDeskController {
  constructor(private readonly desk: FinanceDeskService) {}

  @Get('cost-statements')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({
    summary: 'The queue: submitted cost statements of every grant, oldest complete claim first, each with the days left of its payment deadline (CPR art. 74)',
  })
  @ApiOkResponse({ type: CostStatementQueuePage })
  queue(@Query() query: CostStatementQueueQuery) {
    return this.desk.queue(query);
  }

  @Get('payments')
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Payments of every grant (planned first, earliest due date first), with their grant and deadline' })
  @ApiOkResponse({ type: PaymentsAcrossGrantsPage })
  payments(@Query() query: PaymentsAcrossGrantsQuery) {
    return this.desk.payments(query);
  }
}
