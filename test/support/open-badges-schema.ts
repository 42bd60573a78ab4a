import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

export const OB_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** 1EdTech's schema as shipped in test/fixtures (see its LICENSE note: a VC 1.1-era revision). */
export const publishedSchema = (): Record<string, any> =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/ob_v3p0_achievementcredential_schema.json'), 'utf8'));

/**
 * The schema as Open Badges 3.0.3 has it for VC 2.0 credentials: `validFrom` required where the
 * shipped revision requires `issuanceDate`, and `validFrom` / `validUntil` described as the dates
 * they are. The only change; every other rule — required terms, `IdentityObject`, `Achievement`,
 * `ResultDescription`, `Evidence`, `Profile`, `Proof` — is 1EdTech's as published.
 */
export function schemaForVc2(): Record<string, any> {
  const schema = publishedSchema();
  const date = (description: string) => ({ description, type: 'string', format: 'date-time' });
  schema.required = schema.required.map((field: string) => (field === 'issuanceDate' ? 'validFrom' : field));
  schema.properties.validFrom = date('Timestamp of when the credential becomes valid.');
  schema.properties.validUntil = date('Timestamp of when the credential ceases to be valid.');
  return schema;
}

/** Validates with Ajv (draft 2019-09, formats checked), as 1EdTech's and DCC's validators do; the errors in one line each. */
export function validateOpenBadge(credential: unknown, schema = schemaForVc2()): string[] {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats.default ? addFormats.default(ajv) : (addFormats as unknown as (a: Ajv2019) => void)(ajv);
  const validate = ajv.compile(schema);
  return validate(credential) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
