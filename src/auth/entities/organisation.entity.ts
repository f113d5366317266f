import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrganisationType } from '../../core/domain/organisation-type';
import { Province } from '../../core/domain/provinces';

@Entity('organisations')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Ten digits, normalised (0566988259); unique: further members are added by an administrator. */
  @Column({ name: 'enterprise_number', type: 'char', length: 10, unique: true })
  enterpriseNumber: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  type: OrganisationType;

  @Column({ type: 'text', nullable: true })
  province: Province | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
