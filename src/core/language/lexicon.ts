/**
 * The school's people and bodies as data in one place. Detection, reply reading, commitments and the IEP
 * provision readers all ask "is this word a school role?"; each used to keep its own shorter list, so a role
 * known to one ("the BCBA will call you") was a stranger to another.
 */

/** Staff roles, singular, as schools and parents write them (abbreviations included: an OT, the SLP). */
export const STAFF_ROLES: readonly string[] = [
  'teacher', 'case manager', 'pathologist', 'therapist', 'specialist', 'counselor', 'counsellor', 'psychologist',
  'school psychologist', 'nurse', 'aide', 'paraprofessional', 'paraeducator', 'para', 'social worker', 'staff',
  'slp', 'slpa', 'ot', 'pt', 'cota', 'bcba', 'provider', 'interpreter', 'coordinator', 'consultant', 'assistant',
  'administrator', 'principal', 'assistant principal', 'director', 'supervisor', 'superintendent', 'analyst',
  'instructor', 'interventionist', 'personnel', 'driver', 'monitor', 'registrar', 'evaluator', 'diagnostician',
];

/** Bodies that act as one ("the team will meet", "the district declined"). */
export const SCHOOL_BODIES: readonly string[] = ['team', 'committee', 'district', 'school', 'office', 'department', 'cse', 'board'];

/** The words as one regular-expression alternation, longest first so "case manager" wins over "manager". */
export function alternation(words: readonly string[], { plural = false } = {}): string {
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  return plural ? escaped.map((w) => `${w}s?`).join('|') : escaped.join('|');
}
