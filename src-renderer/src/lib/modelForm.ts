/**
 * The model form's text fields and their conversion to the API's ModelInput. Shared by Log release and Models,
 * which show the same fields (Models adds aliases and notes).
 */
import type { Model } from '../../../src-main/common/domain';
import { modelInput, type ModelInput } from '../../../src-main/common/schemas';
import { formatQuantity, parseNumber } from './fields';

export interface ModelDraft {
  name: string;
  organization: string;
  family: string;
  releaseDate: string;
  parameters: string;
  trainingComputeFlop: string;
  trainingTokens: string;
  openWeights: '' | 'yes' | 'no';
  aliases: string;
  notes: string;
}

export const MODEL_FIELDS = ['name', 'organization', 'family', 'releaseDate', 'parameters', 'trainingComputeFlop', 'trainingTokens', 'openWeights', 'aliases', 'notes'] as const;

export function emptyModelDraft(): ModelDraft {
  return { name: '', organization: '', family: '', releaseDate: '', parameters: '', trainingComputeFlop: '', trainingTokens: '', openWeights: '', aliases: '', notes: '' };
}

export function modelToDraft(m: Model): ModelDraft {
  const sci = (v: number | null) => (v === null ? '' : v >= 1e15 ? v.toExponential().replace('e+', 'e') : formatQuantity(v));
  return {
    name: m.name,
    organization: m.organization ?? '',
    family: m.family ?? '',
    releaseDate: m.releaseDate ?? '',
    parameters: sci(m.parameters),
    trainingComputeFlop: sci(m.trainingComputeFlop),
    trainingTokens: sci(m.trainingTokens),
    openWeights: m.openWeights === null ? '' : m.openWeights ? 'yes' : 'no',
    aliases: m.aliases.join(', '),
    notes: m.notes ?? '',
  };
}

/**
 * The draft as ModelInput, or messages per field. Empty optional fields become null so that saving an edited
 * model clears what the analyst erased. `withExtras` includes aliases and notes (the Models form has them).
 */
export function draftToModelInput(d: ModelDraft, id: number | undefined, withExtras: boolean): { input: ModelInput | null; issues: Record<string, string> } {
  const issues: Record<string, string> = {};
  const num = (field: 'parameters' | 'trainingComputeFlop' | 'trainingTokens'): number | null => {
    const v = parseNumber(d[field], true);
    if (v !== null && Number.isNaN(v)) issues[field] = `"${d[field]}" is not a number (write e.g. 70B or 3.8e25)`;
    return v === null || Number.isNaN(v) ? null : v;
  };
  const text = (v: string) => (v.trim() === '' ? null : v.trim());
  const obj: Record<string, unknown> = {
    name: d.name.trim(),
    organization: text(d.organization),
    family: text(d.family),
    releaseDate: text(d.releaseDate),
    parameters: num('parameters'),
    trainingComputeFlop: num('trainingComputeFlop'),
    trainingTokens: num('trainingTokens'),
    openWeights: d.openWeights === '' ? null : d.openWeights === 'yes',
  };
  if (id !== undefined) obj.id = id;
  if (withExtras) {
    obj.notes = text(d.notes);
    obj.aliases = d.aliases
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
  }
  if (!obj.name) issues.name = 'enter the model name';
  const parsed = modelInput.safeParse(obj);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const f = String(i.path[0] ?? 'name');
      if (!issues[f]) issues[f] = i.message;
    }
  }
  return { input: Object.keys(issues).length ? null : (obj as ModelInput), issues };
}
