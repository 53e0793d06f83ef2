import { AccidentCaseEntity } from "./accident-case.entity";
import { AccidentDutyEntity } from "./accident-duty.entity";
import { AccountabilityCandidateEntity } from "./accountability-candidate.entity";
import { AlertEntity } from "./alert.entity";
import { DisputeCaseEntity } from "./dispute-case.entity";
import { BottomLineBreachEntity } from "./bottom-line-breach.entity";
import { PublicOpinionPostEntity } from "./public-opinion-post.entity";
import { UrgentReportEntity } from "./urgent-report.entity";
import { KeyPersonFlagEntity } from "./key-person-flag.entity";
import { AuditEntryEntity } from "./audit-entry.entity";
import { AuditHeadEntity } from "./audit-head.entity";
import { CityControlEntryEntity } from "./city-control-entry.entity";
import { CityVisitLetterEntity } from "./city-visit-letter.entity";
import { LetterCounterEntity } from "./letter-counter.entity";
import { DeadlineEntity } from "./deadline.entity";
import { DocumentEntity } from "./document.entity";
import { LedgerConsultationEntity } from "./ledger-consultation.entity";
import { LedgerEntryEntity } from "./ledger-entry.entity";
import { MachineClientChangeEntity } from "./machine-client-change.entity";
import { MachineClientEntity } from "./machine-client.entity";
import { MatterLinkDecisionEntity } from "./matter-link-decision.entity";
import { MatterReassignmentEntity } from "./matter-reassignment.entity";
import { MatterEntity } from "./matter.entity";
import { OrganizationEntity } from "./organization.entity";
import { OutboxEntity } from "./outbox.entity";
import { PetitionAccessEntity } from "./petition-access.entity";
import { PetitionGroupEntity } from "./petition-group.entity";
import { PetitionTransitionEntity } from "./petition-transition.entity";
import { PetitionEntity } from "./petition.entity";
import { PetitionerEntity } from "./petitioner.entity";
import { PiiAccessEntity } from "./pii-access.entity";
import { ReferralTransitionEntity } from "./referral-transition.entity";
import { ReferralEntity } from "./referral.entity";

/** Every entity, registered once with the data source. */
export const ENTITIES = [
  AccountabilityCandidateEntity,
  OrganizationEntity,
  MatterEntity,
  MatterLinkDecisionEntity,
  PetitionEntity,
  PetitionGroupEntity,
  PetitionAccessEntity,
  PetitionerEntity,
  DeadlineEntity,
  PetitionTransitionEntity,
  OutboxEntity,
  PiiAccessEntity,
  ReferralEntity,
  ReferralTransitionEntity,
  AuditEntryEntity,
  AuditHeadEntity,
  MachineClientEntity,
  MachineClientChangeEntity,
  LedgerEntryEntity,
  LedgerConsultationEntity,
  AlertEntity,
  AccidentCaseEntity,
  AccidentDutyEntity,
  BottomLineBreachEntity,
  UrgentReportEntity,
  PublicOpinionPostEntity,
  KeyPersonFlagEntity,
  DocumentEntity,
  MatterReassignmentEntity,
  CityControlEntryEntity,
  CityVisitLetterEntity,
  LetterCounterEntity,
  DisputeCaseEntity,
];

export {
  AccidentCaseEntity,
  AccidentDutyEntity,
  AccountabilityCandidateEntity,
  AlertEntity,
  AuditEntryEntity,
  AuditHeadEntity,
  CityControlEntryEntity,
  CityVisitLetterEntity,
  DeadlineEntity,
  DocumentEntity,
  LedgerConsultationEntity,
  LedgerEntryEntity,
  LetterCounterEntity,
  MachineClientChangeEntity,
  MachineClientEntity,
  MatterEntity,
  MatterLinkDecisionEntity,
  MatterReassignmentEntity,
  OrganizationEntity,
  OutboxEntity,
  PetitionAccessEntity,
  PetitionGroupEntity,
  PetitionTransitionEntity,
  PetitionEntity,
  PetitionerEntity,
  PiiAccessEntity,
  ReferralEntity,
  ReferralTransitionEntity,
  BottomLineBreachEntity,
  UrgentReportEntity,
  PublicOpinionPostEntity,
  KeyPersonFlagEntity,
  DisputeCaseEntity,
};
