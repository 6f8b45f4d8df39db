import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { aad, openBlob, sealBlob } from '../e2e/seal';

// The scripted phone of the end-to-end test seals with Node's crypto, a third implementation beside the
// backend's and the web client's: it must agree with the same conformance vectors they are held to.

interface Vector {
  description: string;
  key: string;
  nonce: string;
  aad: string;
  aadParts: Record<string, string | number>;
  plaintextBase64url: string;
  blob: string;
}

interface Refused {
  description: string;
  key: string;
  aad: string;
  blob: string;
}

/** conformance/sealed/ of this repository, found upwards from wherever the compiled test runs. */
function sealedDir(): string {
  for (let dir = __dirname; ; dir = resolve(dir, '..')) {
    const candidate = join(dir, 'conformance', 'sealed');
    if (existsSync(candidate)) return candidate;
    if (resolve(dir, '..') === dir) throw new Error(`no conformance/sealed above ${__dirname}`);
  }
}

function read<T>(dir: string): [string, T][] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(join(dir, name), 'utf8')) as T]);
}

const dir = sealedDir();
const vectors = read<Vector>(dir);
const refused = read<Refused>(join(dir, 'refused'));
const key = (text: string) => Buffer.from(text, 'base64url');

/** The associated data the phone builds for the vectors of the kinds it meets (events, inputs, the session key). */
function phoneAad(vector: Vector): string | undefined {
  const parts = vector.aadParts;
  const text = (name: string) => parts[name] as string | undefined;
  switch (vector.aad.split('|')[0]) {
    case 'baton/2/event':
      return aad.event(text('sessionId')!, text('epoch')!, parts.seq as number, text('type')!, text('inputId'), text('origin'));
    case 'baton/2/input':
      return aad.input(text('sessionId')!, text('inputId')!);
    case 'baton/2/session-key':
      return aad.sessionKey(text('sessionId')!, text('kid')!);
    default:
      return undefined;
  }
}

describe("the e2e phone's seal against conformance/sealed", () => {
  it('finds the vectors, refused ones included', () => {
    assert.ok(vectors.length >= 10, `vectors in ${dir}: ${vectors.length}`);
    assert.ok(refused.length >= 5, `refused vectors: ${refused.length}`);
  });

  for (const [name, vector] of vectors) {
    it(`${name}: opens the blob to exactly the plaintext and seals it back to exactly the blob`, () => {
      const plaintext = Buffer.from(vector.plaintextBase64url, 'base64url');
      assert.deepEqual(openBlob(key(vector.key), vector.blob, vector.aad), plaintext);
      assert.equal(sealBlob(key(vector.key), plaintext, vector.aad, key(vector.nonce)), vector.blob);
    });
  }

  const built = vectors.filter(([, vector]) => phoneAad(vector) !== undefined);
  it('builds the associated data of events (stamped and not), inputs and the session key', () => {
    assert.deepEqual(
      built.map(([name]) => name),
      ['event-unstamped.json', 'event.json', 'input.json', 'session-key.json'],
    );
  });
  for (const [name, vector] of built) {
    it(`${name}: builds the associated data from its parts byte for byte`, () => {
      assert.equal(phoneAad(vector), vector.aad);
    });
  }

  for (const [name, vector] of refused) {
    it(`refuses ${name}: ${vector.description}`, () => {
      assert.throws(() => openBlob(key(vector.key), vector.blob, vector.aad));
    });
  }
});
