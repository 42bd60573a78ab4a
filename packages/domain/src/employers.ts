/**
 * "Erin Okafor, Northwind Analytics": who a piece of work was for, in words, wherever a finished
 * item names its employer (the credential, its page, the student's portfolio lists).
 */
export function employerLine(employer: { name: string; organisation?: string | null }, between = ', '): string {
  return employer.organisation ? `${employer.name}${between}${employer.organisation}` : employer.name;
}

/** Letters that look like Latin ones in other scripts, and digits that pass for letters. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ӏ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
};

/**
 * What an organisation's name reads as, for telling copies apart: compatibility forms folded,
 * accents, case, spacing, punctuation and invisible characters dropped, look-alike letters from
 * other scripts taken as the Latin ones. Two organisations whose keys match look the same to a
 * student reading a project card: only the first may use it.
 */
export function organisationNameKey(name: string): string {
  let key = '';
  for (const char of name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()) {
    const seen = LOOKALIKES[char] ?? char;
    if (/[\p{L}\p{N}]/u.test(seen)) key += seen;
  }
  return key;
}
