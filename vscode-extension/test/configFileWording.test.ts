import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { batonConfigFile } from '../src/remote/batonConfigFile';
import { phoneReachHint, startedMessage } from '../src/remote/reach';

/** The README and every setting's description: what a user reads about the extension. */
function userFacingTexts(): [string, string][] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> } };
  };
  const settings = Object.entries(manifest.contributes.configuration.properties).map(
    ([name, setting]): [string, string] => [name, setting.markdownDescription ?? setting.description ?? ''],
  );
  return [['README.md', readFileSync('README.md', 'utf8')], ...settings];
}

describe("where the user's config.json is", () => {
  it('is $BATON_HOME/config.json wherever the README or a setting names it, as the backend reads it', () => {
    for (const [where, text] of userFacingTexts()) {
      for (const named of text.match(/[^\s`"(]*config\.json/g) ?? []) {
        assert.equal(named, '$BATON_HOME/config.json', `${where} names ${named}`);
      }
    }
  });

  it('is said in the README to be under ~/.baton unless BATON_HOME is set', () => {
    assert.match(readFileSync('README.md', 'utf8'), /`BATON_HOME` is `~\/\.baton` unless you set it/);
  });

  it('is the real path in the notices that name it: under BATON_HOME when set, else under ~/.baton', () => {
    const file = batonConfigFile({ BATON_HOME: '/srv/baton' }, '/home/ada');
    assert.equal(file, join('/srv/baton', 'config.json'));
    assert.equal(batonConfigFile({ BATON_HOME: '  ' }, '/home/ada'), join('/home/ada', '.baton', 'config.json'));
    const url = 'http://127.0.0.1:7420/s/a#pair=x';
    assert.ok(phoneReachHint(url, file)?.includes(`to ${file} and reload the window`));
    assert.ok(startedMessage(url, file).includes(`to ${file} and reload the window`));
  });
});
