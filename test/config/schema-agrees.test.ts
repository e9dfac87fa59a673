import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { urlHasPassword } from '../../src/sources/database/url.js';
import { parseDuration } from '../../src/config/durations.js';
import { REPO_ROOT } from '../helpers/synth.js';

/** The published config schema and the validator the CLI runs must agree on what they refuse. */
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema', 'config.schema.json'), 'utf8'));
const AjvCtor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as new (o: object) => { compile(s: unknown): (d: unknown) => boolean };
const valid = new AjvCtor({ strict: false, allErrors: true }).compile(schema);

describe('schema/config.schema.json agrees with the validator', () => {
  test.each([
    'postgres://audit:s3cret@db.example.com/crm',
    'postgres://audit:@db.example.com/crm',
    'postgres://audit@db.example.com/crm',
    'mysql://root@127.0.0.1:3306/app?password=s3cret',
    'mysql://root@127.0.0.1:3306/app?PWD=s3cret',
    'postgres://audit@db.example.com/crm?sslmode=require',
  ])('databases: %s', (url) => {
    expect(valid({ databases: [url] })).toBe(!urlHasPassword(url));
  });

  test.each(['90d', '0d', '0.5w', '6mo', '3y', 'never', 'soon', '-5d', '00d'])('retention maxAge: %s', (maxAge) => {
    expect(valid({ retention: { logs: { maxAge } } })).toBe(parseDuration(maxAge) !== undefined);
  });
});
