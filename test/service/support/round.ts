import { ApplicationsService } from '../../../src/applications/applications.service';
import { BudgetsService } from '../../../src/applications/budgets/budgets.service';
import { PartnerInput } from '../../../src/applications/dto/application.dto';
import { CallsService } from '../../../src/calls/calls.service';
import { Actor } from '../../../src/core/domain/actor';
import { Province } from '../../../src/core/domain/provinces';
import { Role } from '../../../src/core/domain/roles';
import { digitalExperienceLabsCall } from '../../../src/demo/demo-calls';
import { labsBudget } from '../../../src/demo/demo-proposals';
import { AssignmentsService } from '../../../src/evaluations/assignments.service';
import { DecisionsService } from '../../../src/evaluations/decisions.service';
import { MyAssignmentsQuery } from '../../../src/evaluations/dto/evaluation.dto';
import { NETWORK_PARTNER } from '../../support/fixtures';
import { OrganisationsService } from '../../../src/organisations/organisations.service';
import { ServiceWorld } from './service-world';

/**
 * One labs proposal taken through the services from the call to the award proposal, on the
 * demo's timeline: published in June, submitted in September, screened, scored by three
 * evaluators and given a consensus that passes every threshold.
 */
let callsMade = 0;

export async function scoredProposal(world: ServiceWorld) {
  const pm = await world.actor(Role.PROGRAMME_MANAGER);
  const lead = await world.actor(Role.APPLICANT);
  const evaluators: Actor[] = [];
  for (let i = 0; i < 3; i++) evaluators.push(await world.actor(Role.EVALUATOR));
  const calls = world.get(CallsService);
  const applications = world.get(ApplicationsService);
  const decisions = world.get(DecisionsService);
  const assignments = world.get(AssignmentsService);

  world.clock.set('2020-06-27T10:00:00Z');
  const call = await calls.create({ ...digitalExperienceLabsCall(), code: `DXL-${++callsMade}` }, pm);
  await calls.publish(call.id, undefined, pm);

  world.clock.set('2020-09-01T09:00:00Z');
  const draft = await applications.create(call.id, { title: 'DigiHub', acronym: 'DH', summary: 'Een Digital Experience Lab', province: Province.VLAAMS_BRABANT, startDate: '2021-03-01' }, lead);
  const leadNumber = (await world.db.query(`SELECT enterprise_number FROM organisations WHERE id = $1`, [lead.organisationId]))[0].enterprise_number as string;
  const partners = [{ enterpriseNumber: leadNumber, name: 'Hogeschool', organisationType: 'KNOWLEDGE_INSTITUTION', role: 'LEAD' }, NETWORK_PARTNER] as PartnerInput[];
  const withPartners = await applications.putPartners(draft.id, partners, draft.version, lead);
  // The secretariat verified both types in the organisation register (its own specs).
  await world.db.transaction((manager) =>
    world.get(OrganisationsService).recordVerified(
      manager,
      withPartners.partners.map((p) => ({ enterpriseNumber: p.enterpriseNumber, name: p.name, type: p.organisationType })),
      pm,
    ),
  );
  await world.get(BudgetsService).putBudget(draft.id, { lines: labsBudget(leadNumber, NETWORK_PARTNER.enterpriseNumber), requestedSubsidy: null }, withPartners.version, lead);
  await applications.submit(draft.id, `service-${draft.id}`, lead);

  world.clock.set('2020-10-05T09:00:00Z');
  await decisions.admissibility(draft.id, { admissible: true, reason: 'Tijdig ingediend en volledig' }, pm);
  await assignments.assign(call.id, { mode: 'auto', evaluatorsPerProposal: 3, evaluatorIds: evaluators.map((e) => e.userId) }, pm);
  const scores = [
    { criterion: 'STRATEGIC', score: 4, comment: 'Sterk' },
    { criterion: 'OPERATIONAL', score: 4, comment: 'Sterk' },
    { criterion: 'BUDGET', score: 4, comment: 'Sterk' },
  ];
  world.clock.set('2020-10-20T09:00:00Z');
  for (const evaluator of evaluators) {
    for (const assignment of (await assignments.listMine(evaluator, Object.assign(new MyAssignmentsQuery(), { pageSize: 100 }))).items) {
      await assignments.declare(assignment.id, { noConflictOfInterest: true, acceptConfidentiality: true }, evaluator);
      await assignments.putScores(assignment.id, { scores }, evaluator);
      await assignments.submit(assignment.id, evaluator);
    }
  }
  world.clock.set('2020-11-10T09:00:00Z');
  await decisions.putConsensus(draft.id, { scores }, pm);
  return { callId: call.id, applicationId: draft.id, pm, lead };
}
