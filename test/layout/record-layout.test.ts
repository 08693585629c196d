/**
 * The kernel/user contract checked both ways (Tetragon's alignchecker idea):
 * bpf/sysray.h is compiled and its offsets and constants must equal what the
 * TypeScript decoder reads. Changing one side alone fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/trace.js';
import { ArgCapture } from '../../src/events/catalog-types.js';
import {
  Blob, BlobStatus, CONFIG_SLOTS, Container, EntryRecord, EventFlags, EventRecord, Head, MAX_ARGS, MAX_POLICIES, MAX_SYSCALLS,
  PolicyConfig, ProcScope, RecordType, ScopeCommKey, ScopeExeKey, ScopeFieldBit, ScopeMatch, ScopeU32Key, ScopeUtsKey, SyscallDesc,
  SyscallDescFlags, BlobKind, BLOB_ARG_RETVAL, BLOB_ARG_PAIR_FIRST, BLOB_ARG_PAIR_SECOND, BLOB_ARG_CWD, OPEN_HOW_MAX, DeriveTest, FdInfo, FdKind, FdSocket, SELECTION_PER_SLOT, Selection, TracepointEventId,
  TracepointSelectIndex, EntryHook, Prefilter, Written, WrittenFlags, MAGIC_BYTES, PrefilterKind, PREFILTER_VALUES, PREFILTER_NEEDS, PREFILTER_PATH_MAX, PREFILTER_PREFIX_ENTRIES, PrefilterNeed, PrefilterNeedFlag, PrefixKey, Stat,
  ExecEnv, EXEC_ENV_NAMES, EXEC_ENV_NAME_LEN, EXEC_ENV_SCAN, EXEC_ENV_VALUE_MAX, BLOB_ARG_EXEC_STDIN, BLOB_ARG_EXEC_ENV,
} from '../../src/decode/record-layout.js';
import { KernelPerfAttr, PERF_ATTR_MAX } from '../../src/decode/record-layout.js';
import { PERF_ATTR_SIZE_LATEST } from '../../src/decode/perf-event-attr.js';

function cLayout(): Record<string, number> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'sysray-layout-')), 'layout');
  execFileSync('cc', ['-I', path.join(ROOT, 'bpf'), '-o', out, path.join(ROOT, 'test', 'layout', 'record-layout.c')]);
  return JSON.parse(execFileSync(out, { encoding: 'utf8' }));
}

const c = cLayout();

test('record head and entry record', () => {
  assert.deepEqual(
    { size: c['sysray_record_head.size'], type: c['sysray_record_head.type'], nrBlobs: c['sysray_record_head.nr_blobs'], bytes: c['sysray_record_head.bytes'] },
    { ...Head },
  );
  assert.deepEqual(
    { hostTid: c['sysray_entry_record.host_tid'], syscallNr: c['sysray_entry_record.syscall_nr'], bytes: c['sysray_entry_record.bytes'] },
    { ...EntryRecord },
  );
});

test('event record: every field at the offset the decoder reads', () => {
  const names: Record<keyof typeof EventRecord, string | number> = {
    timestamp: 'timestamp', startTime: 'start_time', cgroupId: 'cgroup_id', retval: 'retval', args: 'args',
    eventId: 'event_id', hostPid: 'host_pid', hostTid: 'host_tid', hostPpid: 'host_ppid', pid: 'pid', tid: 'tid',
    ppid: 'ppid', uid: 'uid', cpu: 'cpu', mntNs: 'mnt_ns', pidNs: 'pid_ns', flags: 'flags', comm: 'comm',
    commLen: c.SYSRAY_COMM_LEN, utsName: 'uts_name', utsNameLen: c.SYSRAY_UTS_LEN, policies: 'policies', generation: 'generation',
    processStartTime: 'process_start_time', parentStartTime: 'parent_start_time', bytes: 'bytes',
  };
  for (const [ts, cName] of Object.entries(names)) {
    const expected = typeof cName === 'number' ? cName : c[`sysray_event.${cName}`];
    assert.equal(EventRecord[ts as keyof typeof EventRecord], expected, `EventRecord.${ts}`);
  }
  assert.equal(EventRecord.utsName - EventRecord.comm, c.SYSRAY_COMM_LEN);
  assert.equal(EventRecord.bytes % 8, 0, 'blobs start 8-aligned');
});

test('blobs, syscall descriptors, limits', () => {
  assert.deepEqual(
    { arg: c['sysray_blob.arg'], kind: c['sysray_blob.kind'], status: c['sysray_blob.status'], len: c['sysray_blob.len'], bytes: c['sysray_blob.bytes'] },
    { ...Blob },
  );
  assert.deepEqual(
    {
      flags: c['sysray_syscall_desc.flags'], capture: c['sysray_syscall_desc.capture'],
      lenArg: c['sysray_syscall_desc.len_arg'], entryCaptures: c['sysray_syscall_desc.entry_captures'],
      exitCaptures: c['sysray_syscall_desc.exit_captures'], derive: c['sysray_syscall_desc.derive'],
      describeFds: c['sysray_syscall_desc.describe_fds'], dirfdPaths: c['sysray_syscall_desc.dirfd_paths'],
      cwdPaths: c['sysray_syscall_desc.cwd_paths'], describeAtExit: c['sysray_syscall_desc.describe_at_exit'], bytes: c['sysray_syscall_desc.bytes'],
    },
    { ...SyscallDesc },
  );
  assert.equal(MAX_ARGS, c.SYSRAY_MAX_ARGS);
  assert.equal(MAX_SYSCALLS, c.SYSRAY_MAX_SYSCALLS);
});

test('constants: capture kinds, blob status, record types, flags', () => {
  const captureC: Record<keyof typeof ArgCapture, string> = {
    none: 'NONE', string: 'STRING', stringArray: 'STRING_ARRAY', sockaddrIn: 'SOCKADDR_IN', sockaddrOut: 'SOCKADDR_OUT',
    perfEventAttr: 'PERF_EVENT_ATTR', intPairOut: 'INT_PAIR_OUT', timespecIn: 'TIMESPEC_IN', timespecOut: 'TIMESPEC_OUT',
    envArray: 'ENV_ARRAY', fsconfigValue: 'FSCONFIG_VALUE', openHow: 'OPEN_HOW', bpfAttr: 'BPF_ATTR',
  };
  for (const [k, v] of Object.entries(captureC)) assert.equal(ArgCapture[k as keyof typeof ArgCapture], c[`SYSRAY_CAPTURE_${v}`], k);
  assert.deepEqual(BlobStatus, { ok: c.SYSRAY_BLOB_OK, null: c.SYSRAY_BLOB_NULL, fault: c.SYSRAY_BLOB_FAULT, truncated: c.SYSRAY_BLOB_TRUNCATED, okAtExit: c.SYSRAY_BLOB_OK_AT_EXIT, replaced: c.SYSRAY_BLOB_REPLACED, deferred: c.SYSRAY_BLOB_DEFERRED });
  assert.deepEqual(SyscallDescFlags, { noReturn: c.SYSRAY_DESC_NO_RETURN, replacesMemory: c.SYSRAY_DESC_REPLACES_MEMORY, returnsFd: c.SYSRAY_DESC_RETURNS_FD });
  assert.deepEqual(DeriveTest, {
    none: c.SYSRAY_DERIVE_NONE, perfFd: c.SYSRAY_DERIVE_PERF_FD, perfPrctl: c.SYSRAY_DERIVE_PERF_PRCTL,
    magicWrite: c.SYSRAY_DERIVE_MAGIC_WRITE, magicPwrite: c.SYSRAY_DERIVE_MAGIC_PWRITE, magicWritev: c.SYSRAY_DERIVE_MAGIC_WRITEV,
    magicPwritev: c.SYSRAY_DERIVE_MAGIC_PWRITEV, magicSendfile: c.SYSRAY_DERIVE_MAGIC_SENDFILE, magicCopy: c.SYSRAY_DERIVE_MAGIC_COPY,
    memProt: c.SYSRAY_DERIVE_MEM_PROT,
  });
  assert.deepEqual(RecordType, { event: c.SYSRAY_RECORD_EVENT, entry: c.SYSRAY_RECORD_ENTRY });
  assert.deepEqual(EventFlags, { atEntry: c.SYSRAY_EVENT_AT_ENTRY, entryLost: c.SYSRAY_EVENT_ENTRY_LOST, hasEntry: c.SYSRAY_EVENT_HAS_ENTRY });
});

/** Compares a TS layout object with the C struct's offsets; `bytes` is sizeof. */
function assertStruct(ts: Record<string, number>, cStruct: string, cFields: Record<string, string>): void {
  for (const [k, v] of Object.entries(ts)) {
    const cName = k === 'bytes' ? `${cStruct}.bytes` : `${cStruct}.${cFields[k] ?? k}`;
    assert.equal(v, c[cName], `${cStruct}: ${k} (${cName})`);
  }
}

test('policy configuration: every field where kernel-config writes it', () => {
  assertStruct(PolicyConfig, 'sysray_policy_config', {
    uidEq: 'uid_eq', uidRange: 'uid_range', pidEq: 'pid_eq', pidRange: 'pid_range', mntnsEq: 'mntns_eq', pidnsEq: 'pidns_eq',
    utsEq: 'uts_eq', commEq: 'comm_eq', exeEq: 'exe_eq', treeEq: 'tree_eq', newPid: 'new_pid', notContainer: 'not_container',
    newContainer: 'new_container', startNs: 'start_ns', uidMin: 'uid_min', uidMax: 'uid_max', pidMin: 'pid_min', pidMax: 'pid_max',
    entryHook: 'entry_hook',
  });
  assertStruct(ScopeMatch, 'sysray_scope_match', {});
  assertStruct(ScopeU32Key, 'sysray_scope_u32_key', {});
  assertStruct(ScopeCommKey, 'sysray_scope_comm_key', {});
  assertStruct(ScopeUtsKey, 'sysray_scope_uts_key', {});
  assertStruct(ScopeExeKey, 'sysray_scope_exe_key', {});
  assertStruct(ProcScope, 'sysray_proc_scope', { treeIn: 'tree_in', treeOut: 'tree_out' });
  assertStruct(Container, 'sysray_container', { isNew: 'is_new' });
  assert.equal(MAX_POLICIES, c.SYSRAY_MAX_POLICIES);
  assert.equal(CONFIG_SLOTS, c.SYSRAY_CONFIG_SLOTS);
  assert.deepEqual(ScopeFieldBit, {
    uid: c.SYSRAY_FIELD_UID, pid: c.SYSRAY_FIELD_PID, mntns: c.SYSRAY_FIELD_MNTNS, pidns: c.SYSRAY_FIELD_PIDNS, uts: c.SYSRAY_FIELD_UTS,
    comm: c.SYSRAY_FIELD_COMM, exe: c.SYSRAY_FIELD_EXE, container: c.SYSRAY_FIELD_CONTAINER, proc: c.SYSRAY_FIELD_PROC,
    newPid: c.SYSRAY_FIELD_NEW_PID,
  });
  assert.deepEqual(EntryHook, { raw: c.SYSRAY_HOOK_RAW, syscallTracepoints: c.SYSRAY_HOOK_SYSCALL_TRACEPOINTS });
  // the syscalls:sys_enter_X / sys_exit_X records as tracefs describes them (format files)
  assert.deepEqual(
    [c['sysray_syscall_tp_enter.nr'], c['sysray_syscall_tp_enter.args'], c['sysray_syscall_tp_exit.nr'], c['sysray_syscall_tp_exit.ret'], c['sysray_entry_args.bytes']],
    [8, 16, 8, 16, 48],
  );
});

test('signature prefilters and the per-ring counters', () => {
  assertStruct(Prefilter, 'sysray_prefilter', { nrNeeds: 'nr_needs', pathArg: 'path_arg' });
  assertStruct(PrefilterNeed, 'sysray_prefilter_need', { anyBits: 'any_bits', intArg: 'int_arg', intBits: 'int_bits', nrValues: 'nr_values', faultArg: 'fault_arg' });
  assertStruct(PrefixKey, 'sysray_prefix_key', {});
  assert.deepEqual(PrefilterKind, { int: c.SYSRAY_PREFILTER_INT, path: c.SYSRAY_PREFILTER_PATH, entryFault: c.SYSRAY_PREFILTER_ENTRY_FAULT });
  assert.deepEqual(PrefilterNeedFlag, { int: c.SYSRAY_NEED_INT, path: c.SYSRAY_NEED_PATH, container: c.SYSRAY_NEED_CONTAINER, host: c.SYSRAY_NEED_HOST, entryFault: c.SYSRAY_NEED_ENTRY_FAULT });
  assert.deepEqual(
    [PREFILTER_NEEDS, PREFILTER_VALUES, PREFILTER_PATH_MAX, PREFILTER_PREFIX_ENTRIES],
    [c.SYSRAY_PREFILTER_NEEDS, c.SYSRAY_PREFILTER_VALUES, c.SYSRAY_PREFILTER_PATH_MAX, c.SYSRAY_PREFILTER_PREFIX_ENTRIES],
  );
  assert.equal(Prefilter.needs + PREFILTER_NEEDS * PrefilterNeed.bytes <= Prefilter.nrNeeds, true);
  assert.equal(PrefixKey.bytes - PrefixKey.path, PREFILTER_PATH_MAX);
  // the need mask is a __u32 and the kernel keeps one bit above the needs (NEEDS_NO_PATH)
  assert.equal(PREFILTER_NEEDS < 32, true);
  assert.deepEqual(Stat, {
    submitted: c.SYSRAY_STAT_SUBMITTED, lost: c.SYSRAY_STAT_LOST, lostState: c.SYSRAY_STAT_LOST_STATE, lostSecurity: c.SYSRAY_STAT_LOST_SECURITY,
    lostSecurityState: c.SYSRAY_STAT_LOST_SECURITY_STATE, submittedSecurity: c.SYSRAY_STAT_SUBMITTED_SECURITY, count: c.SYSRAY_STAT_COUNT,
  });
});

test('fd descriptions, selection, tracepoint events', () => {
  const fdNames: Record<string, string> = {
    kind: 'kind', mode: 'mode', ino: 'ino', dev: 'dev', cpu: 'cpu', target: 'target', type: 'type', config: 'config',
    startTime: 'start_time', comm: 'comm', bytes: 'bytes',
  };
  for (const [ts, cName] of Object.entries(fdNames)) assert.equal(FdInfo[ts as keyof typeof FdInfo], c[`sysray_fd_info.${cName}`], `FdInfo.${ts}`);
  assertStruct(FdSocket, 'sysray_fd_socket', {
    localLen: 'local_len', localPort: 'local_port', remotePort: 'remote_port', remoteLen: 'remote_len',
  });
  assert.deepEqual(FdKind, {
    none: c.SYSRAY_FD_NONE, file: c.SYSRAY_FD_FILE, socket: c.SYSRAY_FD_SOCKET, pipe: c.SYSRAY_FD_PIPE, pidfd: c.SYSRAY_FD_PIDFD,
    perf: c.SYSRAY_FD_PERF, anon: c.SYSRAY_FD_ANON,
  });
  assert.equal(BlobKind.fdInfo, c.SYSRAY_CAPTURE_FD_INFO);
  assert.equal(BLOB_ARG_RETVAL, c.SYSRAY_BLOB_ARG_RETVAL);
  assert.equal(BLOB_ARG_PAIR_FIRST, c.SYSRAY_BLOB_ARG_PAIR_FIRST);
  assert.equal(BLOB_ARG_PAIR_SECOND, c.SYSRAY_BLOB_ARG_PAIR_SECOND);
  assertStruct(ExecEnv, 'sysray_exec_env', {});
  assert.deepEqual(
    [EXEC_ENV_NAMES, EXEC_ENV_NAME_LEN, EXEC_ENV_SCAN, EXEC_ENV_VALUE_MAX, BLOB_ARG_EXEC_STDIN, BLOB_ARG_EXEC_ENV],
    [c.SYSRAY_EXEC_ENV_NAMES, c.SYSRAY_EXEC_ENV_NAME_LEN, c.SYSRAY_EXEC_ENV_SCAN, c.SYSRAY_EXEC_ENV_VALUE_MAX, c.SYSRAY_BLOB_ARG_EXEC_STDIN, c.SYSRAY_BLOB_ARG_EXEC_ENV],
  );
  assert.equal(BlobKind.cwd, c.SYSRAY_CAPTURE_CWD);
  assert.equal(BLOB_ARG_CWD, c.SYSRAY_BLOB_ARG_CWD);
  assert.equal(OPEN_HOW_MAX, c.SYSRAY_OPEN_HOW_MAX);
  assertStruct(Selection, 'sysray_selection', { signatureDerived: 'signature_derived' });
  assert.equal(SELECTION_PER_SLOT, c.SYSRAY_SELECTION_PER_SLOT);
  assert.deepEqual(TracepointEventId, {
    schedProcessFork: c.SYSRAY_EVENT_SCHED_PROCESS_FORK, schedProcessExec: c.SYSRAY_EVENT_SCHED_PROCESS_EXEC,
    schedProcessExit: c.SYSRAY_EVENT_SCHED_PROCESS_EXIT, cgroupMkdir: c.SYSRAY_EVENT_CGROUP_MKDIR, cgroupRmdir: c.SYSRAY_EVENT_CGROUP_RMDIR,
  });
  assert.deepEqual(TracepointSelectIndex, {
    schedProcessFork: c.SYSRAY_SELECT_FORK, schedProcessExec: c.SYSRAY_SELECT_EXEC, schedProcessExit: c.SYSRAY_SELECT_EXIT,
    cgroupMkdir: c.SYSRAY_SELECT_CGROUP_MKDIR, cgroupRmdir: c.SYSRAY_SELECT_CGROUP_RMDIR,
  });
});

test('magic_write: the WRITTEN blob (sysray_written, then the bytes, then the path)', () => {
  assertStruct(Written, 'sysray_written', {});
  assert.equal(BlobKind.written, c.SYSRAY_CAPTURE_WRITTEN);
  assert.equal(MAGIC_BYTES, c.SYSRAY_MAGIC_BYTES);
  assert.deepEqual(WrittenFlags, { contentUnknown: c.SYSRAY_WRITTEN_CONTENT_UNKNOWN });
  assert.equal(Written.bytes % 8, 0, 'the bytes start 8-aligned');
});

test('perf_event_open kernel truth: the KERNEL_PERF_ATTR blob (sysray_kernel_perf_attr, then the kernel attr)', () => {
  assertStruct(KernelPerfAttr, 'sysray_kernel_perf_attr', { leaderId: 'leader_id', origType: 'orig_type', attrLen: 'attr_len' });
  assert.equal(BlobKind.kernelPerfAttr, c.SYSRAY_CAPTURE_KERNEL_PERF_ATTR);
  assert.equal(PERF_ATTR_MAX, c.SYSRAY_PERF_ATTR_MAX);
  assert.equal(KernelPerfAttr.bytes % 8, 0, 'the attr bytes start 8-aligned');
  assert.ok(PERF_ATTR_SIZE_LATEST <= PERF_ATTR_MAX, 'the kernel attr sysray knows fits');
  // FD_INFO PERF carries perf_event.id where a PIDFD has its start time
  assert.equal(FdInfo.startTime, c['sysray_fd_info.start_time']);
});
