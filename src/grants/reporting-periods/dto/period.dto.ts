import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CostStatementStatus } from '../../cost-statements/domain/cost-statement.machine';
import { COST_STATEMENT_STATUSES } from '../../cost-statements/domain/cost-statement.machine';
import type { PeriodStatus } from '../domain/period-status.rule';
import type { ProgressReportStatus } from '../../progress-reports/domain/progress-report.machine';
import { PROGRESS_REPORT_STATUSES } from '../../progress-reports/domain/progress-report.machine';

const PERIOD_STATUSES: PeriodStatus[] = ['UPCOMING', 'OPEN', 'DUE', 'OVERDUE', 'SUBMITTED', 'RETURNED', 'APPROVED'];

export class PeriodReportRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PROGRESS_REPORT_STATUSES }) status: ProgressReportStatus;
}

export class PeriodStatementRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: COST_STATEMENT_STATUSES }) status: CostStatementStatus;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'cents, once approved' }) acceptedEligible: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'cents, once approved' }) subsidyNet: number | null;
}

export class PeriodDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ enum: ['PERIOD', 'FINAL'] }) kind: 'PERIOD' | 'FINAL';
  @ApiProperty({ example: '2021-03-01' }) startDate: string;
  @ApiProperty({ example: '2021-06-30' }) endDate: string;
  @ApiProperty({ example: '2021-07-30', description: 'Period end + the call’s due days' }) dueDate: string;
  @ApiProperty({ enum: PERIOD_STATUSES, description: 'Derived from the calendar and the reports, today (Brussels)' }) status: PeriodStatus;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When the daily job marked the reports overdue' }) overdueSince: string | null;
  @ApiPropertyOptional({ type: PeriodReportRefDto, nullable: true }) progressReport: PeriodReportRefDto | null;
  @ApiPropertyOptional({ type: PeriodStatementRefDto, nullable: true, description: 'None for the final report' }) costStatement: PeriodStatementRefDto | null;
}
