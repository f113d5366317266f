import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { RateDto } from '../../calls/dto/call-rules.dto';
import { OrganisationType } from '../../core/domain/organisation-type';
import { PageOf, PageQuery } from '../../core/http/pagination';
import { GrantStatus } from '../entities/grant.entity';

export class ConsortiumPartnerDto {
  @ApiProperty({ example: '0566988259' }) enterpriseNumber: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: OrganisationType }) organisationType: OrganisationType;
  @ApiProperty({ enum: ['LEAD', 'PARTNER'] }) role: 'LEAD' | 'PARTNER';
}

export class BeneficiaryDto {
  @ApiProperty() organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '0566988259' }) enterpriseNumber: string;
}

export class FundingShareDto {
  @ApiProperty({ example: 'EFRO' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'cents' }) amount: number;
}

/** The grant's books, derived from its statements and payments every time they are shown. */
export class LedgerDto {
  @ApiProperty({ description: 'cents: the grant amount fixed by the decision' }) commitment: number;
  @ApiProperty({ description: 'cents: advance paid or planned (part of paid + planned)' }) advance: number;
  @ApiProperty({ description: 'cents: advance not yet cleared by approved claims' }) advanceOutstanding: number;
  @ApiProperty({ description: 'cents: declared eligible cost of every statement handed in' }) claimed: number;
  @ApiProperty({ description: 'cents: accepted eligible cost of approved statements' }) accepted: number;
  @ApiProperty({ description: 'cents: subsidy earned on approved statements' }) earned: number;
  @ApiProperty({ description: 'cents' }) paid: number;
  @ApiProperty({ description: 'cents: planned, not yet paid' }) planned: number;
  @ApiProperty({ description: 'cents: part of open held back until the final report is approved' }) retained: number;
  @ApiProperty({ description: 'cents: recoveries settled, withheld from a payment or paid back; they free room again' }) recovered: number;
  @ApiProperty({ description: 'cents: recovery orders not yet paid back' }) recoveryOpen: number;
  @ApiProperty({ description: 'cents: commitment − (paid + planned − recovered)' }) open: number;
  @ApiProperty({ description: 'cents: what cumulative payments may reach now (grant − retention before the final report)' }) paymentCeiling: number;
  @ApiProperty() finalReportApproved: boolean;
  @ApiProperty({ description: 'commitment = paid + planned − recovered + open, retained ≤ open, advance ≤ paid + planned, recoveries ≤ paid + planned' }) addsUp: boolean;
}

export class GrantDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'DXL-2020-G001' }) grantNumber: string;
  @ApiProperty() callId: string;
  @ApiProperty({ example: 'DXL-2020' }) callCode: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() title: string;
  @ApiProperty() acronym: string;
  @ApiProperty({ example: 'BE24' }) province: string;
  @ApiProperty({ type: BeneficiaryDto }) beneficiary: BeneficiaryDto;
  @ApiProperty({ type: [ConsortiumPartnerDto], description: 'The consortium as approved' }) consortium: ConsortiumPartnerDto[];
  @ApiProperty({ description: 'cents' }) amount: number;
  @ApiProperty({ type: [FundingShareDto] }) fundingSplit: FundingShareDto[];
  @ApiProperty({ type: RateDto, description: 'grant ÷ approved eligible cost: the rate claims earn at' }) rate: RateDto;
  @ApiProperty({ example: '66,6 %' }) ratePercent: string;
  @ApiProperty({ type: RateDto }) advanceRate: RateDto;
  @ApiProperty({ type: RateDto }) retentionRate: RateDto;
  @ApiProperty({ example: '2021-03-01' }) startDate: string;
  @ApiProperty({ example: '2023-02-28' }) endDate: string;
  @ApiProperty({ enum: GrantStatus }) status: GrantStatus;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ type: LedgerDto, description: 'Amounts paid, accepted and still open' }) ledger: LedgerDto;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-12-31',
    description: 'Records are kept until this date: 31 December of the fifth year after the last payment (CPR art. 82); null before the first payment',
  })
  recordsRetainedUntil: string | null;
}

export class GrantPage extends PageOf(GrantDto) {}

export class ListGrantsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ enum: GrantStatus }) @IsOptional() @IsEnum(GrantStatus) status?: GrantStatus;
}

export class ActionDto {
  @ApiProperty({ example: 'submit' }) action: string;
  @ApiProperty({ example: 'Indienen' }) label: string;
}
