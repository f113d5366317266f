import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { OrganisationType } from '../../core/domain/organisation-type';
import { PartnerRole } from '../domain/application-status';
import { Application } from './application.entity';

@Entity('application_partners')
export class ApplicationPartner {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @ManyToOne(() => Application, (a) => a.partners, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Relation<Application>;

  @Column({ name: 'enterprise_number', type: 'char', length: 10 })
  enterpriseNumber: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'organisation_type', type: 'text' })
  organisationType: OrganisationType;

  @Column({ type: 'text' })
  role: PartnerRole;

  @Column({ type: 'int' })
  position: number;
}
