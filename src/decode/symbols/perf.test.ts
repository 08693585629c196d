import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  perfBpTypeName,
  perfBranchSampleTypeNames,
  perfConfigName,
  perfReadFormatNames,
  perfSampleTypeNames,
  perfTypeName,
} from './perf.js';

describe('perf names', () => {
  it('perfTypeName', () => {
    assert.equal(perfTypeName(0), 'PERF_TYPE_HARDWARE');
    assert.equal(perfTypeName(1), 'PERF_TYPE_SOFTWARE');
    assert.equal(perfTypeName(2), 'PERF_TYPE_TRACEPOINT');
    assert.equal(perfTypeName(3), 'PERF_TYPE_HW_CACHE');
    assert.equal(perfTypeName(4), 'PERF_TYPE_RAW');
    assert.equal(perfTypeName(5), 'PERF_TYPE_BREAKPOINT');
    assert.equal(perfTypeName(9), '9');
  });

  it('perfConfigName', () => {
    assert.equal(perfConfigName(0, 0n), 'PERF_COUNT_HW_CPU_CYCLES');
    assert.equal(perfConfigName(0, 9n), 'PERF_COUNT_HW_REF_CPU_CYCLES');
    assert.equal(perfConfigName(0, 10n), '10');
    assert.equal(perfConfigName(0, (8n << 32n) | 1n), 'PERF_COUNT_HW_INSTRUCTIONS|0x800000000');
    assert.equal(perfConfigName(1, 1n), 'PERF_COUNT_SW_TASK_CLOCK');
    assert.equal(perfConfigName(1, 10n), 'PERF_COUNT_SW_BPF_OUTPUT');
    assert.equal(perfConfigName(1, 11n), 'PERF_COUNT_SW_CGROUP_SWITCHES');
    assert.equal(perfConfigName(1, 12n), '12');
    assert.equal(
      perfConfigName(3, 0x000000n),
      'PERF_COUNT_HW_CACHE_L1D|PERF_COUNT_HW_CACHE_OP_READ|PERF_COUNT_HW_CACHE_RESULT_ACCESS',
    );
    assert.equal(
      perfConfigName(3, 0x010102n),
      'PERF_COUNT_HW_CACHE_LL|PERF_COUNT_HW_CACHE_OP_WRITE|PERF_COUNT_HW_CACHE_RESULT_MISS',
    );
    assert.equal(perfConfigName(3, 0x020000n), String(0x020000));
    assert.equal(perfConfigName(3, 0x000007n), '7');
    assert.equal(perfConfigName(2, 1234n), '1234');
    assert.equal(perfConfigName(4, 0x1234n), '4660');
    assert.equal(perfConfigName(5, 0n), '0');
    assert.equal(perfConfigName(42, 0xffffffffffffffffn), '18446744073709551615');
  });

  it('perfSampleTypeNames covers every bit through PERF_SAMPLE_WEIGHT_STRUCT', () => {
    assert.equal(perfSampleTypeNames(0n), '0');
    assert.equal(perfSampleTypeNames(0x7n), 'PERF_SAMPLE_IP|PERF_SAMPLE_TID|PERF_SAMPLE_TIME');
    assert.equal(perfSampleTypeNames(1n << 23n), 'PERF_SAMPLE_CODE_PAGE_SIZE');
    assert.equal(perfSampleTypeNames(1n << 24n), 'PERF_SAMPLE_WEIGHT_STRUCT');
    assert.equal(perfSampleTypeNames(1n << 25n), '0x2000000');
    const all = perfSampleTypeNames((1n << 25n) - 1n).split('|');
    assert.equal(all.length, 25);
    assert.ok(all.every((n) => n.startsWith('PERF_SAMPLE_')));
  });

  it('perfReadFormatNames', () => {
    assert.equal(perfReadFormatNames(0n), '0');
    assert.equal(perfReadFormatNames(0x3n), 'PERF_FORMAT_TOTAL_TIME_ENABLED|PERF_FORMAT_TOTAL_TIME_RUNNING');
    assert.equal(perfReadFormatNames(0x1cn), 'PERF_FORMAT_ID|PERF_FORMAT_GROUP|PERF_FORMAT_LOST');
    assert.equal(perfReadFormatNames(0x20n), '0x20');
  });

  it('perfBranchSampleTypeNames', () => {
    assert.equal(perfBranchSampleTypeNames(0x9n), 'PERF_SAMPLE_BRANCH_USER|PERF_SAMPLE_BRANCH_ANY');
    assert.equal(perfBranchSampleTypeNames(1n << 19n), 'PERF_SAMPLE_BRANCH_COUNTERS');
    assert.equal(perfBranchSampleTypeNames(1n << 20n), '0x100000');
  });

  it('perfBpTypeName', () => {
    assert.equal(perfBpTypeName(0), 'HW_BREAKPOINT_EMPTY');
    assert.equal(perfBpTypeName(1), 'HW_BREAKPOINT_R');
    assert.equal(perfBpTypeName(2), 'HW_BREAKPOINT_W');
    assert.equal(perfBpTypeName(3), 'HW_BREAKPOINT_RW');
    assert.equal(perfBpTypeName(4), 'HW_BREAKPOINT_X');
    assert.equal(perfBpTypeName(7), '7');
  });
});
