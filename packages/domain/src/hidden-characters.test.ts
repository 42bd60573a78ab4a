import { describe, expect, it } from 'vitest';
import { cleanFileName } from './files.ts';
import { DeclineBody, OrganisationBody, RequestChangesBody, SignupBody, StepAwayBody } from './schemas/index.ts';

const RLO = '\u202E';
const signup = (name: string) => SignupBody.safeParse({ email: 'a@b.test', password: 'long enough password', name }).success;

describe('text people write for others holds no hidden characters', () => {
  it('names, organisation names, decline and change messages and reasons refuse controls and direction overrides', () => {
    expect(signup('Ada Lovelace')).toBe(true);
    expect(signup('مريم')).toBe(true);
    expect(signup('Sam 👩‍💻')).toBe(true);
    for (const bad of ['Ada\r\nBcc: x@y.test', 'Ring\u0007', `Ada${RLO}ecalevoL`, 'Isolated\u2066x\u2069'])
      expect(signup(bad), JSON.stringify(bad)).toBe(false);
    expect(OrganisationBody.safeParse({ name: `Acme${RLO}corp`, about: '' }).success).toBe(false);
    expect(DeclineBody.safeParse({ message: 'Thanks,\nnot this time.' }).success).toBe(true);
    expect(DeclineBody.safeParse({ message: `Thanks${RLO}` }).success).toBe(false);
    expect(DeclineBody.safeParse({ message: 'Bell\u0007' }).success).toBe(false);
    expect(RequestChangesBody.safeParse({ message: `More${RLO}` }).success).toBe(false);
    expect(StepAwayBody.safeParse({ reason: `Moving${RLO} abroad` }).success).toBe(false);
  });

  it('file names lose directories, controls, direction overrides, what Windows refuses and leading dots', () => {
    expect(cleanFileName(`invoice${RLO}txt.bat`)).toBe('invoicetxt.bat');
    expect(cleanFileName('C:evil.png')).toBe('C_evil.png');
    expect(cleanFileName('..\\..\\boot.ini.txt')).toBe('boot.ini.txt');
    expect(cleanFileName('what?*.csv')).toBe('what__.csv');
    expect(cleanFileName('résumé données.csv')).toBe('résumé données.csv');
    expect(cleanFileName(`${RLO}\u0007`)).toBeNull();
  });
});

describe('what an organisation name reads as', () => {
  it('folds case, accents, spacing, punctuation, invisible characters and look-alike letters; keeps every script', async () => {
    const { organisationNameKey } = await import('./employers.ts');
    const key = organisationNameKey('Northwind Analytics');
    for (const copy of ['NORTHWIND analytics', 'Nоrthwind Analytics', 'North\u200Bwind-Analytics', 'Nórthwind Analytics', 'N0rthwind Analytics'])
      expect(organisationNameKey(copy), copy).toBe(key);
    expect(organisationNameKey('Southwind Analytics')).not.toBe(key);
    expect(organisationNameKey('東京データ')).toBe('東京テータ'.normalize('NFKD').replace(/\p{M}/gu, ''));
    expect(organisationNameKey('東京データ')).not.toBe(organisationNameKey('大阪データ'));
  });
});
