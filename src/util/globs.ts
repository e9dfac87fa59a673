/**
 * A user glob matched against a path relative to a root: without a slash it matches at any depth
 * (`*.log` is `**\/*.log`), like .gitignore and ripgrep's -g; with one it is anchored at the root
 * (a leading `/` or `./` only says so).
 */
export function globForRelative(g: string): string {
  const body = g.startsWith('./') ? g.slice(2) : g;
  return body.includes('/') ? body.replace(/^\//, '') : `**/${body}`;
}
