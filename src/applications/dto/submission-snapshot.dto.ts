import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RateDto } from '../../calls/dto/call-rules.dto';
import { OrganisationType } from '../../core/domain/organisation-type';
import { Province } from '../../core/domain/provinces';
import { BudgetSummaryDto } from '../budgets/dto/budget.dto';
import { PartnerRole } from '../domain/application-status';

/** The OpenAPI shape of the frozen proposal (`applications.service.ts` → submit), as evaluators and the receipt see it. */
class SnapshotApplicationDto {
  @ApiProperty() id: string;
  @ApiProperty() callId: string;
  @ApiProperty() callCode: string;
  @ApiProperty() title: string;
  @ApiProperty() acronym: string;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ enum: Province, enumName: 'Province' }) province: Province;
  @ApiProperty({ type: String, nullable: true, example: '2021-03-01' }) startDate: string | null;
  @ApiProperty() leadOrganisationId: string;
  @ApiProperty({ type: Number, nullable: true, description: 'cents' }) requestedSubsidy: number | null;
  @ApiProperty() version: number;
}

class SnapshotPartnerDto {
  @ApiProperty() enterpriseNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationType, enumName: 'OrganisationType' }) organisationType: OrganisationType;
  @ApiProperty({ enum: PartnerRole, enumName: 'PartnerRole' }) role: PartnerRole;
}

class SnapshotBudgetLineDto {
  @ApiProperty({ type: String, nullable: true, description: 'Enterprise number of the partner' }) partner: string | null;
  @ApiProperty({ enum: ['STAFF', 'REAL'] }) kind: string;
  @ApiProperty() category: string;
  @ApiProperty() year: number;
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'cents' }) annualGrossCost: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) hours: number | null;
  @ApiPropertyOptional({ type: RateDto, nullable: true }) fte: RateDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'cents' }) amount: number | null;
  @ApiProperty() vatIncluded: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'cents' }) vatAmount: number | null;
  @ApiPropertyOptional({ description: 'Absent in proposals submitted before VAT could be declared recoverable' }) vatRecoverable?: boolean;
}

export class SubmissionSnapshotDto {
  @ApiProperty({ type: SnapshotApplicationDto }) application: SnapshotApplicationDto;
  @ApiProperty({ type: [SnapshotPartnerDto] }) partners: SnapshotPartnerDto[];
  @ApiProperty({ type: [SnapshotBudgetLineDto] }) budgetLines: SnapshotBudgetLineDto[];
  @ApiProperty({ type: BudgetSummaryDto }) budgetSummary: BudgetSummaryDto;
  @ApiProperty({ description: 'Server time of submission (UTC)' }) submittedAt: string;
}
