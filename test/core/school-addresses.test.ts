import { describe, expect, it } from 'vitest';
import { cleanSchoolContact, normalizeSchoolContact, parentAddressList, schoolMatcher } from '../../src/core/school.js';

describe('one school-contact normaliser', () => {
  it('cleans display names, mailto:, leading @ and case', () => {
    expect(cleanSchoolContact('  Ms. Park <Park@Lincoln.K12.test> ')).toBe('park@lincoln.k12.test');
    expect(cleanSchoolContact('mailto:office@district.org')).toBe('office@district.org');
    expect(cleanSchoolContact('@@District.ORG')).toBe('district.org');
  });
  it('accepts only an address or a domain', () => {
    expect(normalizeSchoolContact('@district.k12.ca.us')).toBe('district.k12.ca.us');
    expect(normalizeSchoolContact('not a contact')).toBeNull();
    expect(normalizeSchoolContact('district')).toBeNull();
  });
  it('the matcher reads contacts through it (a display-name entry matches its address)', () => {
    const m = schoolMatcher(['Ms. Park <park@lincoln.k12.test>', '@District.org']);
    expect(m.isSchool('PARK@lincoln.k12.test')).toBe(true);
    expect(m.isSchool('x@ms.district.org')).toBe(true);
    expect(m.isSchool('x@other.org')).toBe(false);
  });
  it('a domain matches itself and its subdomains only, among hundreds of entries (an advocate\'s archive)', () => {
    const m = schoolMatcher([...Array.from({ length: 300 }, (_, i) => `d${i}.k12.test`), 'district.org']);
    expect(m.isSchool('a@d299.k12.test')).toBe(true);
    expect(m.isSchool('a@hs.d7.k12.test')).toBe(true);
    expect(m.isSchool('a@notdistrict.org')).toBe(false);
    expect(m.isSchool('a@district.org.evil.test')).toBe(false);
    expect(m.isSchool('a@k12.test')).toBe(false);
    expect(m.isSchool('no-at-sign')).toBe(false);
  });
});

describe('one parent-address list', () => {
  it('the account email and connected mailboxes, lower case, once each; archive connections left out', () => {
    expect(parentAddressList('Pat@Family.test', ['pat@family.test', 'pat.work@outlook.test', 'archive:/tmp/x.mbox', ''])).toEqual([
      'pat@family.test',
      'pat.work@outlook.test',
    ]);
    expect(parentAddressList(null, [])).toEqual([]);
  });
});
