import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { DocumentDataService } from './document-data.service';
import { IssuedDocumentsService } from './issued-documents.service';
import { ExportsService } from './exports.service';
import { PdfRenderer } from './pdf-renderer';
import { ReportingController } from './reporting.controller';

@Module({
  imports: [EvaluationsModule, CallsModule],
  controllers: [ReportingController],
  providers: [DocumentDataService, IssuedDocumentsService, ExportsService, PdfRenderer],
  exports: [IssuedDocumentsService, ExportsService],
})
export class ReportingModule {}
