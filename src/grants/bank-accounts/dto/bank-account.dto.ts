import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DocumentDto } from '../../documents/dto/document.dto';
import { BANK_ACCOUNT_STATUSES, BankAccountStatus } from '../domain/bank-account.machine';

export class BankAccountActionDto {
  @ApiProperty({ enum: ['verify', 'reject', 'supersede'] }) action: string;
  @ApiProperty() label: string;
}

export class BankAccountDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ description: 'The grant whose page it was registered on' }) grantId: string;
  @ApiProperty({ example: 'BE68539007547034', description: 'Electronic format: no spaces, upper case' }) iban: string;
  @ApiProperty({ example: 'Hogeschool Eigenaar vzw' }) holderName: string;
  @ApiProperty({ enum: BANK_ACCOUNT_STATUSES }) status: BankAccountStatus;
  @ApiProperty() registeredAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When finance verified or rejected it' }) decidedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) rejectionReason: string | null;
  @ApiPropertyOptional({ type: DocumentDto, nullable: true, description: 'The bank certificate' }) certificate: DocumentDto | null;
  @ApiProperty() version: number;
}

export class GrantBankAccountDto {
  @ApiProperty() grantId: string;
  @ApiProperty({ description: 'The beneficiary organisation, whose account it is' }) organisationId: string;
  @ApiPropertyOptional({ type: BankAccountDto, nullable: true, description: 'The current account (not superseded); null when none is registered' })
  account: BankAccountDto | null;
  @ApiProperty({ description: 'Whether payments can be marked paid to it (the account is verified)' }) payable: boolean;
  @ApiProperty({ type: [BankAccountActionDto], description: 'What the caller may do with the current account' }) actions: BankAccountActionDto[];
  @ApiProperty({ description: 'Whether the caller may register or change the account (a member of the beneficiary, on an active grant)' }) canRegister: boolean;
}

export class RejectBankAccountDto {
  @ApiProperty({ example: 'Het attest vermeldt een andere rekeninghouder' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

/** Swagger shape of a registration: the account's fields first, then the certificate. */
export const BANK_ACCOUNT_UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['iban', 'holderName', 'file'],
    properties: {
      iban: { type: 'string', maxLength: 64, example: 'BE68 5390 0754 7034', description: 'Spaces and lower case accepted (send before the file)' },
      holderName: { type: 'string', maxLength: 200, description: 'The account holder as on the certificate (send before the file)' },
      description: { type: 'string', maxLength: 500, description: 'What the certificate is (send before the file)' },
      file: { type: 'string', format: 'binary', description: 'The bank certificate: PDF, PNG or JPEG, at most UPLOAD_MAX_BYTES' },
    },
  },
};
