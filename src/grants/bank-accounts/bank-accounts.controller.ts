import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../../core/domain/actor';
import { Role } from '../../core/domain/roles';
import { ProblemDto } from '../../core/errors/problem';
import { Access, CurrentActor } from '../../core/http/access.decorator';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { ApiUploadProblems, readUpload } from '../documents/multipart-upload';
import { GRANT_READERS } from '../grants.controller';
import { BankAccountsService } from './bank-accounts.service';
import { BANK_ACCOUNT_UPLOAD_BODY, BankAccountDto, GrantBankAccountDto, RejectBankAccountDto } from './dto/bank-account.dto';

@ApiTags('grants')
@Controller()
export class BankAccountsController {
  constructor(private readonly accounts: BankAccountsService) {}

  @Get('grants/:id/bank-account')
  @Access(...GRANT_READERS)
  @ApiOperation({ summary: "The beneficiary's bank account with its certificate and state, and whether payments can be marked paid to it" })
  @ApiOkResponse({ type: GrantBankAccountDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<GrantBankAccountDto> {
    return this.accounts.forGrant(id, actor);
  }

  @Post('grants/:id/bank-account')
  @Access(Role.APPLICANT)
  @ApiOperation({
    summary: 'Register or change the beneficiary’s bank account with its bank certificate (members of the beneficiary)',
    description:
      'IBAN (ISO 13616 mod 97 with the country’s length; for BE also the national check; spaces and lower case accepted, stored in electronic format), holder and the certificate in one multipart request. The account waits for verification by finance; the one it replaces is superseded.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(BANK_ACCOUNT_UPLOAD_BODY)
  @ApiUploadProblems()
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'The IBAN fails its check (BANK_ACCOUNT_INVALID, errors[] at iban), or the certificate is not a PDF, PNG or JPEG (DOCUMENT_REFUSED)' })
  @ApiCreatedResponse({ type: BankAccountDto })
  async register(@Param('id', UuidPipe) id: string, @Req() request: FastifyRequest, @CurrentActor() actor: Actor): Promise<BankAccountDto> {
    return this.accounts.register(id, await readUpload(request), actor);
  }

  @Post('bank-accounts/:id/verify')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Verify a pending bank account against its certificate: payments can then be marked paid to it' })
  @ApiOkResponse({ type: BankAccountDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not pending (TRANSITION_NOT_ALLOWED)' })
  verify(@Param('id', UuidPipe) id: string, @CurrentActor() actor: Actor): Promise<BankAccountDto> {
    return this.accounts.verify(id, actor);
  }

  @Post('bank-accounts/:id/reject')
  @HttpCode(200)
  @Access(Role.FINANCE_OFFICER)
  @ApiOperation({ summary: 'Reject a pending bank account, with the reason; the beneficiary registers another' })
  @ApiOkResponse({ type: BankAccountDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not pending (TRANSITION_NOT_ALLOWED)' })
  reject(@Param('id', UuidPipe) id: string, @Body() dto: RejectBankAccountDto, @CurrentActor() actor: Actor): Promise<BankAccountDto> {
    return this.accounts.reject(id, dto, actor);
  }
}
