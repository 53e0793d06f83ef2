import { LetterKind } from "./city-visit-terms";

/**
 * A letter template: its title, the response the locality must give, and body paragraphs with `{placeholder}`s
 * filled from the case (see LetterFacts). Defaults below; CITY_VISIT_LETTER_TEMPLATES_FILE may replace any part.
 */
export interface LetterTemplate {
  title: string;
  requiredResponse: string;
  paragraphs: string[];
}

/**
 * The case facts a letter may name. Deliberately no petitioner names, ID numbers or phones: the locality reads
 * those from the petition it already has access to; the letter identifies the case by its number.
 */
export interface LetterFacts {
  recipient: string;
  petitionNumber: string;
  receivedOn: string;
  summary: string;
  headcount: string;
  responseDueOn: string;
  resolutionDueOn: string;
  issuer: string;
}

export const DEFAULT_LETTER_TEMPLATES: Record<LetterKind, LetterTemplate> = {
  EARLY_WARNING_REMINDER: {
    title: "预警提醒函",
    requiredResponse: "书面反馈稳控措施及责任人",
    paragraphs: [
      "{recipient}：",
      "{receivedOn}，你地信访事项（编号{petitionNumber}，{headcount}人）到市走访反映：{summary}。",
      "请高度重视，立即落实稳控措施，明确责任人，防止矛盾激化，并于{responseDueOn}前书面反馈。",
    ],
  },
  RESOLUTION_PROJECT: {
    title: "化解工作立项函",
    requiredResponse: "书面反馈化解方案（包案领导、化解措施、时间节点）",
    paragraphs: [
      "{recipient}：",
      "经研究，对你地信访事项（编号{petitionNumber}）予以立项化解，市信访局督办，化解期限至{resolutionDueOn}。",
      "请于{responseDueOn}前报送化解方案，明确包案领导、化解措施和时间节点。",
    ],
  },
  STABILITY_ASSIGNMENT: {
    title: "稳控责任交办函",
    requiredResponse: "书面反馈稳控责任落实情况",
    paragraphs: [
      "{recipient}：",
      "现将信访事项（编号{petitionNumber}）的稳控责任交由你单位落实，属地负责，谁主管谁负责。",
      "请于{responseDueOn}前书面反馈稳控责任落实情况。",
    ],
  },
};

/** A template with every `{name}` replaced by its fact; an unknown placeholder is left as written (visible in review). */
export function renderParagraphs(t: LetterTemplate, facts: LetterFacts): string[] {
  const values = facts as unknown as Record<string, string>;
  return t.paragraphs.map((p) => p.replace(/\{([a-zA-Z]+)\}/g, (m, name: string) => (name in values ? values[name] : m)));
}

/** Defaults with the configured overrides laid over them, kind by kind and part by part. */
export function mergeTemplates(overrides: Partial<Record<LetterKind, Partial<LetterTemplate>>>): Record<LetterKind, LetterTemplate> {
  const out = { ...DEFAULT_LETTER_TEMPLATES };
  for (const kind of Object.values(LetterKind)) if (overrides[kind]) out[kind] = { ...out[kind], ...overrides[kind] };
  return out;
}
