import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

/** Validates a parsed report.json against docs/report.schema.json (ajv, JSON Schema 2020-12, strict mode). */
export function makeReportValidator(): (data: unknown) => { valid: boolean; errors: string[] } {
  const schema = JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const validate = ajv.compile(schema);
  return (data) => {
    const valid = validate(data);
    return {
      valid,
      errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`),
    };
  };
}
