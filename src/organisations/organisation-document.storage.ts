import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DocumentStorage } from '../core/documents/document.storage';

/**
 * The register's supporting documents, in a folder of their own under UPLOAD_DIR: the grants'
 * sweep of unreferenced files reads only the top folder, so it never takes these for leftovers.
 */
@Injectable()
export class OrganisationDocumentStorage extends DocumentStorage {
  override get directory(): string {
    return join(super.directory, 'organisation-types');
  }
}
