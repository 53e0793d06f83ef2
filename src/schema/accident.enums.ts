import { registerEnumType } from "type-graphql";
import { AccidentCaseState, AccidentClosureBasis, AccidentDutyKind, AccidentKind, AccidentLegalRoute } from "../domain/accidents/accident-terms";

registerEnumType(AccidentKind, { name: "AccidentKind", description: "意外伤亡: a death, or injuries only" });
registerEnumType(AccidentDutyKind, { name: "AccidentDutyKind", description: "工作专班, 风险研判, 舆情监测" });
registerEnumType(AccidentCaseState, { name: "AccidentCaseState" });
registerEnumType(AccidentClosureBasis, { name: "AccidentClosureBasis", description: "协议, or a documented legal route" });
registerEnumType(AccidentLegalRoute, { name: "AccidentLegalRoute", description: "诉讼, 仲裁, 行政复议, 行政裁决" });
