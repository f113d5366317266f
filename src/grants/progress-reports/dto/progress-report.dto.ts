import { BasedOnVersion } from '../../../core/http/etag';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsString, MaxLength } from 'class-validator';
import { PROGRESS_REPORT_STATUSES, ProgressReportStatus } from '../domain/progress-report.machine';
import { DocumentDto } from '../../documents/dto/document.dto';
import { ActionDto } from '../../dto/grant.dto';

export class PutProgressReportDto {
  @ApiProperty({ example: 'Twaalf kmo’s testten sensoren voor voorraadbeheer in het lab; drie vonden een partner.' })
  @IsString()
  @MaxLength(50_000)
  narrative: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 0 },
    example: { COMPANIES_SERVED: 12, TESTS_CARRIED_OUT: 31 },
    description: 'Indicator code → whole number for the period',
  })
  @IsObject()
  indicators: Record<string, number>;

  @BasedOnVersion()
  version?: number;
}

export class ReportDecisionDto {
  @ApiProperty({ example: 'Duidelijk verslag; indicatoren in lijn met het plan.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  comment: string;
}

export class ReopenReportDto {
  @ApiProperty({ example: 'Indicator COMPANIES_SERVED telt de bedrijven dubbel; graag de tekst en de waarde aanpassen.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class IndicatorValueDto {
  @ApiProperty({ example: 'COMPANIES_SERVED' }) code: string;
  @ApiProperty({ example: 'Bediende bedrijven' }) label: string;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 12 }) value: number | null;
}

export class ProgressReportDto {
  @ApiProperty() id: string;
  @ApiProperty() grantId: string;
  @ApiProperty() periodId: string;
  @ApiProperty() periodNumber: number;
  @ApiProperty({ description: 'The final report covers the whole project' }) isFinal: boolean;
  @ApiProperty({ enum: PROGRESS_REPORT_STATUSES }) status: ProgressReportStatus;
  @ApiProperty() narrative: string;
  @ApiProperty({ type: [IndicatorValueDto], description: 'The call’s indicators, in its order' }) indicators: IndicatorValueDto[];
  @ApiPropertyOptional({ type: String, nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) decisionComment: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Last time the report was reopened for its text' }) reopenedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reopenReason: string | null;
  @ApiProperty({ description: 'Reopened for its text only: the cost statement of the period stays as it is' }) reopenedForText: boolean;
  @ApiProperty({ description: 'Send as If-Match (or version) with edits' }) version: number;
  @ApiProperty({ type: [DocumentDto] }) documents: DocumentDto[];
  @ApiProperty({ type: [ActionDto], description: 'What you may do now' }) actions: ActionDto[];
}
