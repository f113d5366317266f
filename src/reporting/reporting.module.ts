import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { AuthModule } from '../auth/auth.module';
import { CallsModule } from '../calls/calls.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { GrantsModule } from '../grants/grants.module';
import { DocumentDataService } from './document-data.service';
import { IssuedDocumentsService } from './issued-documents.service';
import { ExportsService } from './exports.service';
import { PdfRenderer } from './pdf-renderer';
import { ReportingController } from './reporting.controller';

@Module({
  imports: [EvaluationsModule, CallsModule, ApplicationsModule, GrantsModule, AuthModule],
  controllers: [ReportingController],
  providers: [DocumentDataService, IssuedDocumentsService, ExportsService, PdfRenderer],
  exports: [IssuedDocumentsService, ExportsService],
})
export class ReportingModule {}
