import type { TextPart } from '../../model/document.js';
import type { Location } from '../../model/location.js';
import type { PdfPage } from './load.js';
import { mapRadicals } from './radicals.js';

/**
 * Filled-in form fields and annotation comments of a page. A fillable PDF form (an application,
 * a registration sheet) keeps its values in AcroForm widgets, outside the page's content stream,
 * so the text layer does not have them. Each becomes a line `label：value` (the label is the
 * field's tooltip or name, which is what keyword context needs, e.g. 身份证号码), located to the
 * field by name.
 */

const WIDGET = 20;

interface Annotation {
  annotationType?: number;
  fieldType?: string;
  fieldName?: string;
  alternativeText?: string;
  fieldValue?: unknown;
  contentsObj?: { str?: string };
}

/** Form-designer names are short identifiers; a long or odd one could hold typed-in text. */
const safeFieldName = (name: string | undefined): string | undefined => (name && /^[\p{L}\p{N}_.\-\[\] ]{1,64}$/u.test(name) ? name : undefined);

export async function formPart(page: PdfPage, pageNo: number): Promise<TextPart | undefined> {
  const annotations = (await page.getAnnotations({ intent: 'display' })) as Annotation[];
  if (!annotations.length) return undefined;
  const lines: string[] = [];
  const fields: (string | undefined)[] = [];
  for (const a of annotations) {
    let value: string | undefined;
    let label: string | undefined;
    if (a.annotationType === WIDGET) {
      const v = a.fieldValue;
      if (a.fieldType === 'Tx' || a.fieldType === 'Ch') value = Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : undefined;
      label = a.alternativeText || a.fieldName;
    } else {
      value = a.contentsObj?.str;
    }
    value = value?.replace(/\s+/g, ' ').trim();
    if (!value) continue;
    lines.push(label ? `${label.replace(/\s+/g, ' ').trim()}：${value}` : value);
    fields.push(a.annotationType === WIDGET ? safeFieldName(a.fieldName) : undefined);
  }
  if (!lines.length) return undefined;
  return {
    text: mapRadicals(lines.join('\n')),
    at: { page: pageNo },
    origin: 'text-layer',
    // The fields of one form page describe one person (or one application): a record.
    record: 'part',
    refine: (line: number): Partial<Location> | undefined => {
      const field = fields[line - 1];
      return field ? { field } : undefined;
    },
  };
}
