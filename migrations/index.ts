import { CreateAuditLog1795770000000 } from './1795770000000-CreateAuditLog';
import { CreateOrganisationsAndUsers1795770000001 } from './1795770000001-CreateOrganisationsAndUsers';
import { CreateCalls1795770000002 } from './1795770000002-CreateCalls';
import { CreateApplicationsAndBudgets1795770000003 } from './1795770000003-CreateApplicationsAndBudgets';
import { CreateNotifications1795770000004 } from './1795770000004-CreateNotifications';
import { CreateEvaluationAndGrants1795770000005 } from './1795770000005-CreateEvaluationAndGrants';
import { CreatePayments1795770000006 } from './1795770000006-CreatePayments';
import { CreateReportingPeriodsAndProgressReports1795770000007 } from './1795770000007-CreateReportingPeriodsAndProgressReports';
import { CreateCostStatements1795770000008 } from './1795770000008-CreateCostStatements';
import { LinkPaymentsToCostStatements1795770000009 } from './1795770000009-LinkPaymentsToCostStatements';
import { CreateSupportingDocuments1795770000010 } from './1795770000010-CreateSupportingDocuments';
import { ProtectGrantRecordsFromDeletion1795770000011 } from './1795770000011-ProtectGrantRecordsFromDeletion';
import { CreateIssuedDocuments1795770000020 } from './1795770000020-CreateIssuedDocuments';
import { NotifyCallChanges1795770000021 } from './1795770000021-NotifyCallChanges';
import { CreateSessions1795770000030 } from './1795770000030-CreateSessions';
import { VersionAccountAccess1795770000031 } from './1795770000031-VersionAccountAccess';
import { ThrottleLoginsPerEmail1795770000032 } from './1795770000032-ThrottleLoginsPerEmail';
import { PrepareAuthHousekeeping1795770000033 } from './1795770000033-PrepareAuthHousekeeping';
import { LinkOidcIdentities1795770000140 } from './1795770000140-LinkOidcIdentities';
import { TrackNotificationDelivery1795770000150 } from './1795770000150-TrackNotificationDelivery';
import { IndexFinanceDeskLists1795770000120 } from './1795770000120-IndexFinanceDeskLists';
import { GrantLeastPrivilege1795770000160 } from './1795770000160-GrantLeastPrivilege';
import { ChainAuditLog1795770000161 } from './1795770000161-ChainAuditLog';
import { TrackPersonalDataRetention1795770000162 } from './1795770000162-TrackPersonalDataRetention';
import { IndexApplicationsListOrder1795770000180 } from './1795770000180-IndexApplicationsListOrder';
import { IndexExportsPerGrant1795770000181 } from './1795770000181-IndexExportsPerGrant';
import { CreateRecoveries1795770000370 } from './1795770000370-CreateRecoveries';
import { ReopenProgressReportsForText1795770000371 } from './1795770000371-ReopenProgressReportsForText';
import { IndexEvaluatorAssignmentsOrder1795770000182 } from './1795770000182-IndexEvaluatorAssignmentsOrder';
import { AllowAuditorRole1795770000310 } from './1795770000310-AllowAuditorRole';
import { AllowCallClosingExtension1795770000311 } from './1795770000311-AllowCallClosingExtension';
import { CreateAdmissibilityClarifications1795770000312 } from './1795770000312-CreateAdmissibilityClarifications';
import { RecordPreselections1795770000350 } from './1795770000350-RecordPreselections';
import { CreateBankAccounts1795770000330 } from './1795770000330-CreateBankAccounts';
import { DeclareVatOnCostLines1795770000360 } from './1795770000360-DeclareVatOnCostLines';
import { CreateOrganisationRegister1795770000340 } from './1795770000340-CreateOrganisationRegister';
import { StoreAwardProposalEntriesAsRows1795770000300 } from './1795770000300-StoreAwardProposalEntriesAsRows';

/** Every migration in order; listed explicitly so the build, the CLI and Jest agree. */
export const MIGRATIONS = [
  CreateAuditLog1795770000000,
  CreateOrganisationsAndUsers1795770000001,
  CreateCalls1795770000002,
  CreateApplicationsAndBudgets1795770000003,
  CreateNotifications1795770000004,
  CreateEvaluationAndGrants1795770000005,
  CreatePayments1795770000006,
  CreateReportingPeriodsAndProgressReports1795770000007,
  CreateCostStatements1795770000008,
  LinkPaymentsToCostStatements1795770000009,
  CreateSupportingDocuments1795770000010,
  ProtectGrantRecordsFromDeletion1795770000011,
  CreateIssuedDocuments1795770000020,
  NotifyCallChanges1795770000021,
  CreateSessions1795770000030,
  VersionAccountAccess1795770000031,
  ThrottleLoginsPerEmail1795770000032,
  PrepareAuthHousekeeping1795770000033,
  LinkOidcIdentities1795770000140,
  TrackNotificationDelivery1795770000150,
  IndexFinanceDeskLists1795770000120,
  GrantLeastPrivilege1795770000160,
  ChainAuditLog1795770000161,
  TrackPersonalDataRetention1795770000162,
  IndexApplicationsListOrder1795770000180,
  IndexExportsPerGrant1795770000181,
  IndexEvaluatorAssignmentsOrder1795770000182,
  StoreAwardProposalEntriesAsRows1795770000300,
  AllowAuditorRole1795770000310,
  AllowCallClosingExtension1795770000311,
  CreateAdmissibilityClarifications1795770000312,
  CreateBankAccounts1795770000330,
  CreateOrganisationRegister1795770000340,
  RecordPreselections1795770000350,
  DeclareVatOnCostLines1795770000360,
  CreateRecoveries1795770000370,
  ReopenProgressReportsForText1795770000371,
];
