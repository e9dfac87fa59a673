/**
 * True when the text at [index, index + length) reads as part of a path or file name
 * (`bugs/B6526158.java`, `C:\\T8032704.txt`): test and bug ids have the shape of HK and Taiwan IDs,
 * and one in eleven passes a single check digit. Letter-led IDs there need a keyword instead.
 */
export function looksLikePathPart(line: string, index: number, length: number): boolean {
  const before = line[index - 1];
  const after = line.slice(index + length, index + length + 2);
  return before === '/' || before === '\\' || /^\.[A-Za-z]/.test(after);
}
