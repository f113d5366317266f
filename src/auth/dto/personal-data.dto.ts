import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PersonalDataExport } from '../personal-data.service';

class AccountDataDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true }) deactivatedAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) pseudonymisedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'Null while the account is active or a grant of its organisation runs' })
  personalDataRetainedUntil: string | null;
}
class OrganisationDataDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() enterpriseNumber: string;
  @ApiProperty() type: string;
  @ApiPropertyOptional({ nullable: true }) province: string | null;
  @ApiPropertyOptional({ nullable: true }) address: string | null;
}
class SessionDataDto {
  @ApiProperty() createdAt: Date;
  @ApiProperty() expiresAt: Date;
  @ApiPropertyOptional({ nullable: true }) revokedAt: Date | null;
}
class NotificationDataDto {
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true }) readAt: Date | null;
}
class DeclarationDataDto {
  @ApiProperty() assignmentId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() declaredAt: Date;
}
class AuditDataDto {
  @ApiProperty() seq: string;
  @ApiProperty() occurredAt: Date;
  @ApiPropertyOptional({ nullable: true }) actorId: string | null;
  @ApiPropertyOptional({ nullable: true }) actorEmail: string | null;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) before: unknown;
  @ApiPropertyOptional({ nullable: true, type: 'object', additionalProperties: true }) after: unknown;
  @ApiPropertyOptional({ nullable: true }) correlationId: string | null;
  @ApiProperty() hash: string;
}

export class PersonalDataExportDto implements PersonalDataExport {
  @ApiProperty() exportedAt: Date;
  @ApiProperty({ type: AccountDataDto }) account: AccountDataDto;
  @ApiPropertyOptional({ type: OrganisationDataDto, nullable: true }) organisation: OrganisationDataDto | null;
  @ApiProperty({ type: [SessionDataDto] }) sessions: SessionDataDto[];
  @ApiProperty({ type: [NotificationDataDto] }) notifications: NotificationDataDto[];
  @ApiProperty({ type: [DeclarationDataDto] }) declarations: DeclarationDataDto[];
  @ApiProperty({ type: [AuditDataDto] }) auditTrail: AuditDataDto[];
}
