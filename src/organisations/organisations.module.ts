import { Module } from '@nestjs/common';
import { OrganisationDocumentStorage } from './organisation-document.storage';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';

/** The organisation register: organisations' types, verified by the programme secretariat. */
@Module({
  controllers: [OrganisationsController],
  providers: [OrganisationsService, OrganisationDocumentStorage],
  exports: [OrganisationsService],
})
export class OrganisationsModule {}
