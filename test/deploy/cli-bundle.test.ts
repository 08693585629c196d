import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'sysray');
const MODULES = path.join(ROOT, 'dist', 'cli', 'main.js');
const BUNDLE = path.join(ROOT, 'dist', 'bundle', 'main.js');
const built = existsSync(MODULES) || 'not built (scripts/setup.sh)';

test('the build bundles the CLI, and bin/sysray runs the bundle while it is as new as the modules', { skip: built !== true && built }, () => {
  assert.ok(existsSync(BUNDLE), `${BUNDLE}: npm run build:cli makes it`);
  assert.ok(statSync(BUNDLE).mtimeMs >= statSync(MODULES).mtimeMs, 'the bundle is older than dist/cli/main.js: npm run build:cli');
  const r = spawnSync(process.execPath, [BIN, 'list'], { env: { ...process.env, SYSRAY_DEBUG: '1' }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes(`running ${BUNDLE}\n`), r.stderr);
});

test('the bundle and the modules say the same (list, man, a usage error)', { skip: built !== true && built }, () => {
  const viaModules = (args: string[]) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(MODULES)}); process.exitCode = await main(${JSON.stringify(args)});`], { encoding: 'utf8' });
  for (const args of [['list'], ['man', 'pidfd_open'], ['list', '--nope']]) {
    const bundled = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    const modules = viaModules(args);
    assert.equal(bundled.stdout, modules.stdout, args.join(' '));
    assert.equal(bundled.stderr, modules.stderr, args.join(' '));
    assert.equal(bundled.status, modules.status, args.join(' '));
  }
});
