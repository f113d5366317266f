import { Body, Controller, Get, Headers, Param, Put } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IF_MATCH_HEADER } from '../applications.controller';
import { Actor } from '../../core/domain/actor';
import { Role } from '../../core/domain/roles';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import { requiredVersion } from '../../core/http/etag';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { BudgetsService } from './budgets.service';
import { BudgetDto, BudgetSummaryDto, PutBudgetDto } from './dto/budget.dto';

const READERS = [Role.APPLICANT, Role.PROGRAMME_MANAGER, Role.FINANCE_OFFICER, Role.ADMIN, Role.AUDITOR];

@ApiTags('budgets')
@Controller('applications/:id')
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Put('budget')
  @Access(Role.APPLICANT)
  @ApiOperation({ summary: 'Replace the budget lines of a draft (lead partner members); indirect costs are computed, never entered' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: BudgetDto })
  put(
    @Param('id', UuidPipe) id: string,
    @Body() dto: PutBudgetDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<BudgetDto> {
    return this.budgets.putBudget(id, dto, requiredVersion(ifMatch, dto.version), actor);
  }

  @Get('budget')
  @Access(...READERS)
  @ApiOperation({ summary: 'The budget lines with each line’s eligible cost' })
  @ApiOkResponse({ type: BudgetDto })
  get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<BudgetDto> {
    return this.budgets.getBudget(id, actor);
  }

  @Get('budget-summary')
  @Access(...READERS)
  @ApiOperation({ summary: 'Eligible cost, subsidy, funding split and own contribution per partner, category and in total, with the findings to fix' })
  @ApiOkResponse({ type: BudgetSummaryDto })
  summary(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<BudgetSummaryDto> {
    return this.budgets.summary(id, actor);
  }
}
