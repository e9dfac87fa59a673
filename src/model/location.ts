/**
 * Where a finding is, exactly as the JSON report's `location` object (schemaVersion 1).
 * Text sources fill line/col (1-based, col in UTF-16 code units like SARIF's default);
 * later sources fill page, entry, table/field/row.
 */
export interface Location {
  path: string;
  line?: number;
  col?: number;
  page?: number;
  entry?: string;
  table?: string;
  field?: string;
  row?: string | number;
  /** Word box [x, y, width, height] in pixels of a scanned image or rendered page (additive field). */
  bbox?: [number, number, number, number];
}
