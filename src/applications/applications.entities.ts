import { BudgetLineEntity } from './budgets/entities/budget-line.entity';
import { ApplicationPartner } from './entities/application-partner.entity';
import { ApplicationSubmission } from './entities/application-submission.entity';
import { Application } from './entities/application.entity';

/** The tables the applications feature owns (budgets included). */
export const APPLICATIONS_ENTITIES = [Application, ApplicationPartner, ApplicationSubmission, BudgetLineEntity];
