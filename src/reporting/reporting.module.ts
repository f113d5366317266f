import { Module } from '@nestjs/common';
import { EvaluationsModule } from '../evaluations/evaluations.module';
import { DocumentDataService } from './document-data.service';
import { IssuedDocumentsService } from './issued-documents.service';
import { ExportsService } from './exports.service';
import { PdfRenderer } from './pdf-renderer';
import { ReportingController } from './reporting.controller';

@Module({
  imports: [EvaluationsModule],
  controllers: [ReportingController],
  providers: [DocumentDataService, IssuedDocumentsService, ExportsService, PdfRenderer],
  exports: [IssuedDocumentsService, ExportsService],
})
export class ReportingModule {}
