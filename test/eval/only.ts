/**
 * `--only=` of `npm run eval`: a comma-separated list of mailbox-name prefixes, so that one batch of cases
 * (several source slugs) can be scored alone. No value, or an empty list, keeps every mailbox.
 */
export function parseOnly(arg: string | undefined): string[] {
  return (arg ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

export function selected(box: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((p) => box.startsWith(p));
}
