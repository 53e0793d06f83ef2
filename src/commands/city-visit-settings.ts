import { CityVisitSettings, DEFAULT_CITY_VISIT, LetterKind } from "../domain/city-visit/city-visit-terms";
import { DEFAULT_LETTER_TEMPLATES, LetterTemplate } from "../domain/city-visit/letter-templates";

/** Fast-track settings and the letter templates in force (config: CITY_VISIT_*, CITY_VISIT_LETTER_TEMPLATES_FILE). */
export interface CityVisitConfig extends CityVisitSettings {
  templates: Record<LetterKind, LetterTemplate>;
}

export const DEFAULT_CITY_VISIT_CONFIG: CityVisitConfig = { ...DEFAULT_CITY_VISIT, templates: DEFAULT_LETTER_TEMPLATES };
