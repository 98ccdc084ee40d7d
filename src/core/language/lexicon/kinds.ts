/**
 * What an ask is about, from the head of its object phrase: nouns and noun groups per request kind, as data.
 * Multi-word entries match consecutive words (lower case). Order inside a list does not matter; the object
 * phrase is read left to right and its first noun that names a kind decides (kind-of-object.ts).
 */
import type { RequestKind } from '../../types.js';

export type Topic = Exclude<RequestKind, 'information'>;

export const KIND_NOUNS: Record<Topic, string[]> = {
  iee: ['independent educational evaluation', 'independent evaluation', 'independent educational evaluations', 'iee', 'iees', 'outside evaluation at public expense'],
  pwn: ['prior written notice', 'written notice', 'pwn', 'notice of action', 'written explanation', 'explanation in writing', 'written refusal', 'decision in writing'],
  evaluation: ['evaluation', 'evaluations', 'assessment', 'assessments', 're-evaluation', 'reevaluation', 'testing', 'screening', 'fba', 'functional behavior assessment', 'functional behaviour assessment', 'functional behavioral assessment', 'psychoeducational', 'psycho-educational', 'eligibility determination', 'triennial', 'referral', 'fiie', 'full individual evaluation', 'eval', 'evaluated', 'assessed', 'tested', 'consent form', 'assessment plan', 'evaluation plan'],
  meeting: ['meeting', 'meetings', 'conference', 'conferences', 'mdr', 'manifestation determination', 'manifestation determination review', 'ard', 'sit down', 'get together', 'call', 'phone call', 'time to talk', 'time to meet', 'time to go over', 'time to discuss', 'time to review', 'time to sit down'],
  records: ['records', 'record', 'file', 'files', 'copy', 'copies', 'cumulative file', 'documents', 'document', 'report', 'reports', 'logs', 'log', 'notes', 'protocols', 'draft'],
  progress: ['progress', 'progress report', 'progress reports', 'progress data', 'data', 'progress notes', 'progress monitoring', 'grades', 'scores', 'benchmarks', 'goal data'],
  services: ['services', 'service', 'therapy', 'speech', 'speech therapy', 'occupational therapy', 'physical therapy', 'ot', 'pt', 'counseling', 'minutes', 'sessions', 'session', 'home instruction', 'homebound instruction', 'tutoring', 'intervention', 'interventions', 'interventionist', 'therapist', 'slp', 'speech-language', 'pull-out', 'push-in', 'resource room', 'specialized instruction', 'reading support', 'esy', 'extended school year', 'transportation', 'aide', 'para', 'paraprofessional', 'social work', 'social worker', 'counselor', 'reading specialist', 'dyslexia program', 'make-up sessions', 'makeup sessions', 'missed time', 'missed sessions', 'missed minutes', 'made up', 'make up'],
  // plans (504 plan, IEP, BIP) are read by their verb: sent → records, implemented → accommodations (lexicon/verbs.ts).
  accommodations: ['accommodation', 'accommodations', 'modification', 'modifications', 'extended time', 'extra time', 'preferential seating', 'seating', 'breaks', 'movement breaks', 'sensory breaks', 'read aloud', 'read-aloud', 'text-to-speech', 'speech-to-text', 'audiobooks', 'large print', 'scribe', 'calculator', 'graphic organizer', 'graphic organizers', 'fidget', 'fidgets', 'headphones', 'visual schedule', 'check-in', 'guided notes', 'small group testing', 'small-group testing', 'separate setting', 'reduced workload', 'shortened assignments', 'word bank', 'planner', 'agenda', 'notebook', 'communication log', 'daily log', 'behavior chart', 'fm system', 'hearing aid', 'assistive technology', 'chromebook', 'ipad', 'tablet'],
};

/**
 * Nouns of a document about something: "a copy of the evaluation report" asks for records, whatever the
 * report is about, unless the document itself is a progress document (progress report) or a notice (PWN).
 */
export const DOCUMENT_HEADS = ['copy', 'copies', 'records', 'record', 'file', 'files', 'documents', 'document', 'report', 'reports', 'results', 'summary', 'protocols', 'scores', 'draft', 'logs', 'log', 'notes'];

/** Nouns of a process or a logistic detail: a question about them asks for information ("What paperwork do I submit?"). */
export const PROCESS_NOUNS = ['paperwork', 'form', 'forms', 'process', 'procedure', 'steps', 'step', 'next steps', 'name', 'names', 'timeline', 'status', 'way', 'person', 'contact', 'phone number', 'email address', 'address', 'room'];

/** Nouns of when or where something happens: they defer to the thing named elsewhere in the question ("Which days does the interventionist come?"). */
export const WHEN_NOUNS = ['time', 'times', 'date', 'dates', 'days', 'day', 'schedule', 'update'];

/** People at school whose work is a service ("Which days does the reading interventionist come?"). */
export const SERVICE_ROLES = ['interventionist', 'therapist', 'slp', 'speech therapist', 'speech teacher', 'ot', 'pt', 'occupational therapist', 'physical therapist', 'counselor', 'social worker', 'aide', 'para', 'paraprofessional', 'tutor', 'reading specialist', 'resource teacher', 'special education teacher', 'sped teacher', 'behavior specialist', 'bcba'];

/** People and roles at school: an actor who is one of these is "the school" in a reply. */
export const SCHOOL_ROLES = [...SERVICE_ROLES, 'teacher', 'principal', 'director', 'coordinator', 'case manager', 'psychologist', 'school psychologist', 'diagnostician', 'team', 'district', 'school', 'office', 'staff', 'nurse', 'registrar', 'secretary', 'administrator', 'superintendent', 'department', 'we', 'i', 'ms', 'mr', 'mrs', 'dr'];

/** A child as the object of an ask ("refers my son for an FBA"): the kind is in the complement after it. */
export const CHILD_NOUNS = ['son', 'daughter', 'child', 'him', 'her', 'them', 'student', 'kid', 'grandson', 'granddaughter', 'stepson', 'stepdaughter'];
