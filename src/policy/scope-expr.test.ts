import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceLocation } from './policy-types.js';
import { didYouMean, nearestNames } from '../text/nearest-name.js';
import {
  ScopeExprError,
  isWildcard,
  kernelStringProblem,
  parseScopeExpr,
  readOperator,
  scopeStringMatches,
} from './scope-expr.js';

const where: SourceLocation = { file: 'p.yaml', line: 7, column: 9 };
const parse = (text: string) => parseScopeExpr({ text, where });

/** The expression fails with exactly this message, and the error carries where it was written. */
function rejects(text: string, message: string): void {
  assert.throws(
    () => parse(text),
    (err: unknown) => {
      assert.ok(err instanceof ScopeExprError, `${text}: ${String(err)}`);
      assert.equal(err.message, message);
      assert.deepEqual(err.where, where);
      assert.ok(!err.message.includes('\n'));
      return true;
    },
  );
}

describe('parseScopeExpr: numeric fields', () => {
  it('uid and pid take every operator', () => {
    for (const op of ['=', '!=', '<', '>', '<=', '>='] as const) {
      assert.deepEqual(parse(`uid${op}1000`), { field: 'uid', op, values: [1000] });
      assert.deepEqual(parse(`pid${op}1`), { field: 'pid', op, values: [1] });
    }
  });

  it('comma lists with = and !=, duplicates dropped, 0 and u32 max accepted', () => {
    assert.deepEqual(parse('pid=1,2,1'), { field: 'pid', op: '=', values: [1, 2] });
    assert.deepEqual(parse('uid!=0,4294967295'), { field: 'uid', op: '!=', values: [0, 4294967295] });
  });

  it('mntns, pidns, tree with = and !=', () => {
    assert.deepEqual(parse('mntns=4026531841'), { field: 'mntns', op: '=', values: [4026531841] });
    assert.deepEqual(parse('pidns!=4026531836,4026532000'), { field: 'pidns', op: '!=', values: [4026531836, 4026532000] });
    assert.deepEqual(parse('tree=476164'), { field: 'tree', op: '=', values: [476164] });
  });

  it('pid=new', () => {
    assert.deepEqual(parse('pid=new'), { field: 'newPid' });
  });

  it('surrounding spaces of the whole expression are ignored', () => {
    assert.deepEqual(parse('  uid=0 '), { field: 'uid', op: '=', values: [0] });
  });

  it('errors', () => {
    rejects('uid=abc', 'scope "uid=abc": "abc" is not a number; uid takes decimal numbers (uid=1000, uid=0,1000, uid>=1000)');
    rejects('pid=0x10', 'scope "pid=0x10": "0x10" is not a number; pid takes decimal numbers or new (pid=1234, pid=1,2, pid<1000, pid=new)');
    rejects('uid=-1', 'scope "uid=-1": "-1" is negative; uid values are 0..4294967295');
    rejects('uid=4294967296', 'scope "uid=4294967296": "4294967296" is out of range; uid values are 0..4294967295');
    rejects('mntns>5', 'scope "mntns>5": operator ">" is not allowed for mntns; use = or !=');
    rejects('pidns<=5', 'scope "pidns<=5": operator "<=" is not allowed for pidns; use = or !=');
    rejects('tree<5', 'scope "tree<5": operator "<" is not allowed for tree; use = or !=');
    rejects('uid<5,6', 'scope "uid<5,6": operator "<" takes one value, not a list; uid takes decimal numbers (uid=1000, uid=0,1000, uid>=1000)');
    rejects('pid!=new', 'scope "pid!=new": pid!=new is not supported; pid=new (new processes) is the only form with new');
    rejects('pid=new,5', 'scope "pid=new,5": pid=new stands alone; give other pids in a separate scope entry');
    rejects('uid=new', 'scope "uid=new": "new" is not a uid; uid takes decimal numbers (uid=1000, uid=0,1000, uid>=1000)');
    rejects('pid=1,,2', 'scope "pid=1,,2": empty value in "1,,2"; separate values with single commas; pid takes decimal numbers or new (pid=1234, pid=1,2, pid<1000, pid=new)');
    rejects('pid=', 'scope "pid=": missing value after "="; pid takes decimal numbers or new (pid=1234, pid=1,2, pid<1000, pid=new)');
    rejects('pid= 5', 'scope "pid= 5": value " 5" has spaces around it; remove them; pid takes decimal numbers or new (pid=1234, pid=1,2, pid<1000, pid=new)');
  });
});

describe('parseScopeExpr: string fields', () => {
  it('uts, comm, executable with = and !=, lists and wildcards', () => {
    assert.deepEqual(parse('comm=bash,zsh,bash'), { field: 'comm', op: '=', values: ['bash', 'zsh'] });
    assert.deepEqual(parse('comm!=ba*,*sh,*as*'), { field: 'comm', op: '!=', values: ['ba*', '*sh', '*as*'] });
    assert.deepEqual(parse('uts=web*'), { field: 'uts', op: '=', values: ['web*'] });
    assert.deepEqual(parse('executable=/usr/bin/ls,*/bash'), { field: 'executable', op: '=', values: ['/usr/bin/ls', '*/bash'] });
  });

  it('executable aliases', () => {
    for (const alias of ['exec', 'exe', 'binary', 'bin']) {
      assert.deepEqual(parse(`${alias}!=/bin/sh`), { field: 'executable', op: '!=', values: ['/bin/sh'] });
    }
  });

  it('a comm of exactly 15 bytes is fine; 16 can never match', () => {
    assert.deepEqual(parse('comm=abcdefghijklmno'), { field: 'comm', op: '=', values: ['abcdefghijklmno'] });
    rejects('comm=abcdefghijklmnop', 'scope "comm=abcdefghijklmnop": comm "abcdefghijklmnop" can never match: the kernel keeps only the first 15 bytes of a process name; use "abcdefghijklmno"');
    rejects('comm=abcdefghijklmnop*', 'scope "comm=abcdefghijklmnop*": comm "abcdefghijklmnop*" can never match: the kernel keeps only the first 15 bytes of a process name; use "abcdefghijklmno*"');
    rejects('comm=*abcdefghijklmnop', 'scope "comm=*abcdefghijklmnop": comm "*abcdefghijklmnop" can never match: the kernel keeps only the first 15 bytes of a process name; use at most 15 bytes');
  });

  it('comm length counts bytes and cuts on a character boundary', () => {
    // 7 × 'é' is 14 bytes; one more is 16
    assert.equal(kernelStringProblem('comm', 'ééééééé'), undefined);
    assert.match(kernelStringProblem('comm', 'éééééééé') ?? '', /use "ééééééé"$/);
  });

  it('uts is at most 64 bytes', () => {
    assert.equal(parse(`uts=${'h'.repeat(64)}`).field, 'uts');
    rejects(`uts=${'h'.repeat(65)}`, `scope "uts=${'h'.repeat(65)}": "${'h'.repeat(65)}" is longer than 64 bytes, the most a host name can have`);
  });

  it('errors', () => {
    rejects('comm>bash', 'scope "comm>bash": operator ">" is not allowed for comm; use = or !=');
    rejects('comm=b*sh', 'scope "comm=b*sh": "b*sh" has * in the middle; * may only start and/or end a value (ba*, *sh, *as*)');
    rejects('uts=*', 'scope "uts=*": "*" matches everything; drop the condition or give a pattern such as ba* or *sh');
    rejects('comm=**', 'scope "comm=**": "**" matches everything; drop the condition or give a pattern such as ba* or *sh');
    rejects('exe=bash', 'scope "exe=bash": executable "bash" is not an absolute path; give the full path (executable=/usr/bin/bash) or a suffix pattern (executable=*/bash)');
    rejects('executable=host:/usr/bin/ls', 'scope "executable=host:/usr/bin/ls": mount-namespace prefixes ("host:") are not supported; give the path alone, e.g. executable=/usr/bin/ls');
    rejects('executable=4026532447:/usr/bin/ls', 'scope "executable=4026532447:/usr/bin/ls": mount-namespace prefixes ("4026532447:") are not supported; give the path alone, e.g. executable=/usr/bin/ls');
    rejects('comm', 'scope "comm": comm needs a value; comm takes process names (comm=bash, comm=ba*)');
  });
});

describe('parseScopeExpr: container and follow', () => {
  const id = '4f3a9c1e2b7d' + '0'.repeat(52);

  it('boolean forms', () => {
    assert.deepEqual(parse('container'), { field: 'anyContainer' });
    assert.deepEqual(parse('not-container'), { field: 'notContainer' });
    assert.deepEqual(parse('!container'), { field: 'notContainer' });
    assert.deepEqual(parse('container=new'), { field: 'newContainer' });
    assert.deepEqual(parse('follow'), { field: 'follow' });
  });

  it('ids: full or a prefix of 5+ hex digits, lower-cased', () => {
    assert.deepEqual(parse(`container=${id}`), { field: 'container', op: '=', values: [id] });
    assert.deepEqual(parse('container!=ABCDE,4f3a9c1e2b7d'), { field: 'container', op: '!=', values: ['abcde', '4f3a9c1e2b7d'] });
  });

  it('errors', () => {
    const idUsage = 'give the 64-hex-digit id or a prefix of at least 5 hex digits (as docker ps shows: 12)';
    rejects('container=abcd', `scope "container=abcd": "abcd" is not a container id; ${idUsage}`);
    rejects(`container=${id}0`, `scope "container=${id}0": "${id}0" is not a container id; ${idUsage}`);
    rejects('container=web-1', `scope "container=web-1": "web-1" is not a container id; ${idUsage}`);
    rejects('container<abcde', 'scope "container<abcde": operator "<" is not allowed for container; use = or !=');
    rejects('container!=new', 'scope "container!=new": container!=new is not supported; use container=new for new containers, container for all');
    rejects('container=new,abcde', 'scope "container=new,abcde": container=new stands alone; give container ids in a separate scope entry');
    rejects('container=started', 'scope "container=started": container=started is not supported (sysray does not follow container start-up); use container');
    rejects('container=true', 'scope "container=true": container takes ids, not "true"; write container or not-container');
    rejects('follow=true', 'scope "follow=true": follow takes no value; write follow');
    rejects('not-comm', 'scope "not-comm": not- negates only container (not-container); use comm!=VALUE');
    rejects('!uid=5', 'scope "!uid=5": a leading ! negates only container (!container); use FIELD!=VALUE, e.g. uid!=5');
  });
});

describe('parseScopeExpr: field names and operators', () => {
  const fields = 'uid, pid, mntns, pidns, tree, uts, comm, executable, container, not-container, follow';

  it('typos get the nearest field', () => {
    rejects('cmm=bash', 'scope "cmm=bash": unknown field "cmm"; did you mean "comm"?');
    rejects('PID=1', 'scope "PID=1": unknown field "PID"; did you mean "pid"?');
    rejects('executabel=/bin/ls', 'scope "executabel=/bin/ls": unknown field "executabel"; did you mean "executable"?');
    rejects('contianer', 'scope "contianer": unknown field "contianer"; did you mean "container"?');
  });

  it('unknown fields with nothing near list the fields', () => {
    rejects('zebra=1', `scope "zebra=1": unknown field "zebra"; fields: ${fields}`);
    rejects('', `scope "": empty scope; write FIELD=VALUE, e.g. comm=bash (fields: ${fields})`);
    rejects('=5', `scope "=5": "" is not a field name; write FIELD=VALUE (fields: ${fields})`);
    rejects('global', 'scope "global": "global" selects everything; it must be the only scope entry');
  });

  it('operators', () => {
    rejects('comm==bash', 'scope "comm==bash": unknown operator "=="; use one of = != < > <= >=');
    rejects('uid=>5', 'scope "uid=>5": unknown operator "=>"; use one of = != < > <= >=');
    rejects('comm!bash', 'scope "comm!bash": unknown operator "!"; use one of = != < > <= >=');
    assert.deepEqual(readOperator('a<=1', 1), { op: '<=', valueAt: 3 });
    assert.deepEqual(readOperator('a=1', 1), { op: '=', valueAt: 2 });
  });
});

describe('wildcards', () => {
  it('isWildcard', () => {
    assert.equal(isWildcard('ba*'), true);
    assert.equal(isWildcard('*sh'), true);
    assert.equal(isWildcard('*as*'), true);
    assert.equal(isWildcard('bash'), false);
    assert.equal(isWildcard(''), false);
  });

  it('scopeStringMatches: prefix, suffix, contains, exact', () => {
    assert.equal(scopeStringMatches('ba*', 'bash'), true);
    assert.equal(scopeStringMatches('ba*', 'ba'), true);
    assert.equal(scopeStringMatches('ba*', 'abash'), false);
    assert.equal(scopeStringMatches('*sh', 'bash'), true);
    assert.equal(scopeStringMatches('*sh', 'shell'), false);
    assert.equal(scopeStringMatches('*as*', 'bash'), true);
    assert.equal(scopeStringMatches('*as*', 'bsh'), false);
    assert.equal(scopeStringMatches('bash', 'bash'), true);
    assert.equal(scopeStringMatches('bash', 'bash2'), false);
  });
});

describe('nearest names', () => {
  it('counts a swap of neighbours as one edit and ignores case', () => {
    assert.deepEqual(nearestNames('tpye', ['type', 'size', 'config']), ['type']);
    assert.deepEqual(nearestNames('sigkill', ['SIGKILL', 'SIGILL']), ['SIGKILL']);
  });

  it('falls back to names containing the word; nothing when nothing is close', () => {
    assert.deepEqual(nearestNames('port', ['sa_family', 'sin_port', 'sin6_port']), ['sin_port', 'sin6_port']);
    assert.equal(didYouMean('zebra', ['uid', 'pid']), '');
    assert.equal(didYouMean('cmm', ['comm', 'uid']), '; did you mean "comm"?');
  });
});
