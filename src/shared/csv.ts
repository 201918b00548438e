/**
 * A spreadsheet-safe CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` neutralised so
 * that text a citizen wrote can never run as a formula in the spreadsheet that opens the file.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
