import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { Province } from '../../core/domain/provinces';
import { IsCalendarDate } from '../../core/http/validators';

export class IssuedDocumentDto {
  @ApiProperty({ example: 'cost-statement' }) kind: string;
  @ApiProperty({ example: 'Kostenstaat periode 1' }) title: string;
  @ApiProperty({ example: 'DXL-2020-G001/KS/1' }) reference: string;
  @ApiProperty({ example: 'DXL-2020' }) callCode: string;
  @ApiProperty({ example: 'cost-statement' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ description: 'The date of issue printed on the document' }) issuedAt: string;
  @ApiProperty({ description: 'When the service first produced it' }) firstIssuedAt: string;
  @ApiProperty({ description: 'SHA-256 of the document data, printed in its footer' }) dataSha256: string;
  @ApiProperty({ description: 'SHA-256 of the PDF file' }) fileSha256: string;
  @ApiProperty() byteSize: number;
}

export const EXPORT_KINDS = ['payments', 'cost-lines', 'grants', 'ranking', 'preselection'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export class ExportQuery {
  @ApiPropertyOptional({ description: 'Only records of this call' })
  @IsOptional()
  @IsUUID()
  callId?: string;

  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx' = 'csv';

  @ApiPropertyOptional({ enum: Province })
  @IsOptional()
  @IsEnum(Province)
  province?: Province;

  @ApiPropertyOptional({ description: 'Reporting period number (payments, cost lines)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  period?: number;

  @ApiPropertyOptional({ example: '2021-01-01', description: 'From this date (payment date, planned date or grant start)' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2022-12-31', description: 'Up to and including this date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
