/**
 * 东营市人社局 (DY_RSJ), human resources and social security: signed REST, calls back. Its labour-inspection
 * system wants wage-arrears matters flagged (`wageArrears`, also when only the text says so), times as Beijing
 * local `YYYY-MM-DD HH:mm:ss`, and reports progress as numeric codes (0 received, 1 signed for, 2 answered, 9 sent back).
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const humanResourcesMapping: PartnerMapping = {
  agencyCode: "DY_RSJ",
  name: "东营市人力资源和社会保障局",
  protocol: "REST_HMAC",
  delivery: "push",
  fields: {
    sourceId: "referral.id",
    petitionNumber: "petition.number",
    leading: { path: "referral.role", labels: { LEAD: true, CO_HANDLER: false } },
    category: "petition.category",
    wageArrears: { hasGroup: "MIGRANT_WORKER", orMatches: { paths: ["petition.summary", "petition.request"], pattern: "欠薪|拖欠工资|讨薪|工资" } },
    specialGroups: "petition.specialGroups",
    "content.summary": "petition.summary",
    "content.request": "petition.request",
    district: "petition.locality",
    feedbackItems: "referral.expected",
    deadline: { path: "referral.responseDueAt", time: "beijing-local" },
    workers: { each: "petitioners", fields: { name: "name", mobile: "phoneMasked" } },
  },
  status: {
    state: { path: "status", values: { 0: "RECEIVED", 1: "ACKNOWLEDGED", 2: "RESPONDED", 9: "RETURNED" } },
    acknowledgedAt: { path: "handledAt", time: "beijing-local" },
    response: {
      path: "result",
      opinion: "opinion",
      actionsTaken: "measures",
      respondedAt: { path: "time", time: "beijing-local" },
      attachments: { path: "docs", name: "name", mimeType: "type", sizeBytes: "length", sha256: "hash" },
    },
    returnReason: "backReason",
  },
};
