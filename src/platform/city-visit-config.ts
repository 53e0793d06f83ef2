import { readFileSync } from "node:fs";
import { z } from "zod";
import type { CityVisitConfig } from "../commands/city-visit-settings";
import { LetterKind } from "../domain/city-visit/city-visit-terms";
import { mergeTemplates } from "../domain/city-visit/letter-templates";
import type { Config } from "./config";

const templatePart = z
  .object({ title: z.string().min(1).max(40), requiredResponse: z.string().min(1).max(200), paragraphs: z.array(z.string().min(1).max(2000)).min(1).max(20) })
  .partial()
  .strict();
const templateFile = z.object({ EARLY_WARNING_REMINDER: templatePart, RESOLUTION_PROJECT: templatePart, STABILITY_ASSIGNMENT: templatePart }).partial().strict();

type CityVisitKeys = "CITY_VISIT_LETTER_PREFIX" | "CITY_VISIT_ISSUER" | "CITY_VISIT_REMINDER_RESPONSE_DAYS" | "CITY_VISIT_PROJECT_RESPONSE_DAYS" | "CITY_VISIT_ASSIGNMENT_RESPONSE_DAYS" | "CITY_VISIT_RESOLUTION_DAYS" | "CITY_VISIT_REVIEW_DAYS" | "CITY_VISIT_LETTER_TEMPLATES_FILE";

/**
 * The fast-track settings from validated configuration (CITY_VISIT_*). The templates file, when given, is read and
 * validated at start-up: a bad file stops the process rather than issuing letters from a half-read template.
 */
export function cityVisitFrom(config: Pick<Config, CityVisitKeys>, read: (path: string) => string = (p) => readFileSync(p, "utf8")): CityVisitConfig {
  const overrides = config.CITY_VISIT_LETTER_TEMPLATES_FILE ? templateFile.parse(JSON.parse(read(config.CITY_VISIT_LETTER_TEMPLATES_FILE))) : {};
  return {
    letterPrefix: config.CITY_VISIT_LETTER_PREFIX,
    issuer: config.CITY_VISIT_ISSUER,
    responseDays: {
      [LetterKind.EARLY_WARNING_REMINDER]: config.CITY_VISIT_REMINDER_RESPONSE_DAYS,
      [LetterKind.RESOLUTION_PROJECT]: config.CITY_VISIT_PROJECT_RESPONSE_DAYS,
      [LetterKind.STABILITY_ASSIGNMENT]: config.CITY_VISIT_ASSIGNMENT_RESPONSE_DAYS,
    },
    resolutionDays: config.CITY_VISIT_RESOLUTION_DAYS,
    reviewDays: config.CITY_VISIT_REVIEW_DAYS,
    templates: mergeTemplates(overrides),
  };
}
