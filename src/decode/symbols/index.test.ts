import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArgFormat } from '../../events/catalog-types.js';
import { errnoName, renderArgSymbolic, signalName } from './index.js';

const r = renderArgSymbolic;

describe('renderArgSymbolic', () => {
  it('renders every format, and 0 without throwing', () => {
    const formats: Record<ArgFormat, true> = {
      dirfd: true, openFlags: true, fileMode: true, accessMode: true, atFlags: true, signal: true,
      perfEventOpenFlags: true, pidfdOpenFlags: true, pidfdGetfdFlags: true, pidfdSendSignalFlags: true,
      mmapProt: true, mmapFlags: true, socketDomain: true, socketType: true, cloneFlags: true,
      clockId: true, prctlOption: true, ptraceRequest: true, bpfCmd: true, fcntlCmd: true,
      capability: true, whence: true,
    };
    for (const format of Object.keys(formats) as ArgFormat[]) {
      assert.equal(typeof r(format, 0n), 'string', format);
      assert.equal(typeof r(format, -1n), 'string', format);
      assert.equal(typeof r(format, 0xffffffffffffffffn), 'string', format);
    }
  });

  it('dirfd', () => {
    assert.equal(r('dirfd', -100n), 'AT_FDCWD');
    assert.equal(r('dirfd', 3n), '3');
    assert.equal(r('dirfd', -1n), '-1');
  });

  it('openFlags: access mode first, O_RDONLY when it is 0, hex remainder last', () => {
    assert.equal(r('openFlags', 0n), 'O_RDONLY');
    assert.equal(r('openFlags', 0o2000101n), 'O_WRONLY|O_CREAT|O_CLOEXEC');
    assert.equal(r('openFlags', 0o2000000n), 'O_RDONLY|O_CLOEXEC');
    assert.equal(r('openFlags', 0o2302n), 'O_RDWR|O_CREAT|O_EXCL|O_APPEND');
    assert.equal(r('openFlags', 0o4010001n), 'O_WRONLY|O_SYNC');
    assert.equal(r('openFlags', 0o10001n), 'O_WRONLY|O_DSYNC');
    assert.equal(r('openFlags', 0o20200002n), 'O_RDWR|O_TMPFILE');
    assert.equal(r('openFlags', 0o2200000n), 'O_RDONLY|O_DIRECTORY|O_CLOEXEC');
    assert.equal(r('openFlags', 0o12000000n), 'O_RDONLY|O_CLOEXEC|O_PATH');
    assert.equal(r('openFlags', 0x40000000n | 0o100n), 'O_RDONLY|O_CREAT|0x40000000');
    assert.equal(r('openFlags', 3n), '0x3');
    // An s32 argument arrives sign-extended; only its 32 bits are flags.
    assert.match(r('openFlags', -1n), /\|0x[0-9a-f]{1,8}$/);
  });

  it('fileMode: type by name, permissions as a C octal literal', () => {
    assert.equal(r('fileMode', 0o100644n), 'S_IFREG|0644');
    assert.equal(r('fileMode', 0o040755n), 'S_IFDIR|0755');
    assert.equal(r('fileMode', 0o755n), '0755');
    assert.equal(r('fileMode', 0o4755n), '04755');
    assert.equal(r('fileMode', 0o1777n), '01777');
    assert.equal(r('fileMode', 0o20n), '0020');
    assert.equal(r('fileMode', 0n), '0000');
    assert.equal(r('fileMode', 0o140777n), 'S_IFSOCK|0777');
    assert.equal(r('fileMode', 0o030644n), '0644|0x3000');
    assert.equal(r('fileMode', 0x10000n | 0o644n), '0644|0x10000');
  });

  it('accessMode', () => {
    assert.equal(r('accessMode', 0n), 'F_OK');
    assert.equal(r('accessMode', 6n), 'R_OK|W_OK');
    assert.equal(r('accessMode', 1n), 'X_OK');
    assert.equal(r('accessMode', 9n), 'X_OK|0x8');
  });

  it('atFlags', () => {
    assert.equal(r('atFlags', 0n), '0');
    assert.equal(r('atFlags', 0x1100n), 'AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH');
    assert.equal(r('atFlags', 0x200n), 'AT_REMOVEDIR');
    assert.equal(r('atFlags', 0x8000n), 'AT_RECURSIVE');
  });

  it('signal', () => {
    assert.equal(r('signal', 9n), 'SIGKILL');
    assert.equal(r('signal', 17n), 'SIGCHLD');
    assert.equal(r('signal', 31n), 'SIGSYS');
    assert.equal(r('signal', 0n), '0');
    assert.equal(r('signal', 32n), '32');
    assert.equal(r('signal', 33n), '33');
    assert.equal(r('signal', 34n), 'SIGRTMIN');
    assert.equal(r('signal', 36n), 'SIGRTMIN+2');
    assert.equal(r('signal', 64n), 'SIGRTMIN+30');
    assert.equal(r('signal', 65n), '65');
    assert.equal(r('signal', -1n), '-1');
    assert.equal(signalName(15), 'SIGTERM');
    assert.equal(signalName(0), undefined);
  });

  it('perfEventOpenFlags', () => {
    assert.equal(r('perfEventOpenFlags', 0n), '0');
    assert.equal(r('perfEventOpenFlags', 8n), 'PERF_FLAG_FD_CLOEXEC');
    assert.equal(r('perfEventOpenFlags', 0xfn), 'PERF_FLAG_FD_NO_GROUP|PERF_FLAG_FD_OUTPUT|PERF_FLAG_PID_CGROUP|PERF_FLAG_FD_CLOEXEC');
    assert.equal(r('perfEventOpenFlags', 0x18n), 'PERF_FLAG_FD_CLOEXEC|0x10');
    assert.equal(r('perfEventOpenFlags', 1n << 63n), '0x8000000000000000');
  });

  it('pidfd flags', () => {
    assert.equal(r('pidfdOpenFlags', 0n), '0');
    assert.equal(r('pidfdOpenFlags', 0o4000n), 'PIDFD_NONBLOCK');
    assert.equal(r('pidfdOpenFlags', 0o200n), 'PIDFD_THREAD');
    assert.equal(r('pidfdOpenFlags', 0o4200n), 'PIDFD_THREAD|PIDFD_NONBLOCK');
    assert.equal(r('pidfdOpenFlags', 1n), '0x1');
    assert.equal(r('pidfdSendSignalFlags', 0n), '0');
    assert.equal(r('pidfdSendSignalFlags', 1n), 'PIDFD_SIGNAL_THREAD');
    assert.equal(r('pidfdSendSignalFlags', 2n), 'PIDFD_SIGNAL_THREAD_GROUP');
    assert.equal(r('pidfdSendSignalFlags', 4n), 'PIDFD_SIGNAL_PROCESS_GROUP');
    assert.equal(r('pidfdGetfdFlags', 0n), '0');
    assert.equal(r('pidfdGetfdFlags', 5n), '5');
  });

  it('mmap', () => {
    assert.equal(r('mmapProt', 0n), 'PROT_NONE');
    assert.equal(r('mmapProt', 3n), 'PROT_READ|PROT_WRITE');
    assert.equal(r('mmapProt', 5n), 'PROT_READ|PROT_EXEC');
    assert.equal(r('mmapFlags', 0x22n), 'MAP_PRIVATE|MAP_ANONYMOUS');
    assert.equal(r('mmapFlags', 0x812n), 'MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE');
    assert.equal(r('mmapFlags', 0x80003n), 'MAP_SHARED_VALIDATE|MAP_SYNC');
    assert.equal(r('mmapFlags', 0x20022n), 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK');
    assert.equal(r('mmapFlags', 0x40022n | (21n << 26n)), 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_2MB');
    assert.equal(r('mmapFlags', 0x40022n | (30n << 26n)), 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_HUGE_1GB');
    assert.equal(r('mmapFlags', 0x40022n), 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB');
    assert.equal(r('mmapFlags', 0x4000022n), 'MAP_PRIVATE|MAP_ANONYMOUS|MAP_UNINITIALIZED');
    assert.equal(r('mmapFlags', 0n), '0');
  });

  it('socket', () => {
    assert.equal(r('socketDomain', 1n), 'AF_UNIX');
    assert.equal(r('socketDomain', 2n), 'AF_INET');
    assert.equal(r('socketDomain', 10n), 'AF_INET6');
    assert.equal(r('socketDomain', 16n), 'AF_NETLINK');
    assert.equal(r('socketDomain', 99n), '99');
    assert.equal(r('socketType', 2n), 'SOCK_DGRAM');
    assert.equal(r('socketType', 0o2004001n), 'SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC');
    assert.equal(r('socketType', 0o2000003n), 'SOCK_RAW|SOCK_CLOEXEC');
  });

  it('cloneFlags: exit signal by name, after the flags', () => {
    assert.equal(r('cloneFlags', 0x1200011n), 'CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD');
    assert.equal(
      r('cloneFlags', 0x3d0f00n),
      'CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID',
    );
    assert.equal(r('cloneFlags', 0x4111n), 'CLONE_VM|CLONE_VFORK|SIGCHLD');
    assert.equal(r('cloneFlags', 0x300000000n), 'CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP');
    assert.equal(r('cloneFlags', 0n), '0');
    assert.equal(r('cloneFlags', 0x180n), 'CLONE_VM|0x80');
  });

  it('enumerations: name, else the decimal number', () => {
    assert.equal(r('clockId', 1n), 'CLOCK_MONOTONIC');
    assert.equal(r('clockId', 11n), 'CLOCK_TAI');
    assert.equal(r('clockId', -6n), '-6');
    assert.equal(r('prctlOption', 15n), 'PR_SET_NAME');
    assert.equal(r('prctlOption', 0x59616d61n), 'PR_SET_PTRACER');
    assert.equal(r('prctlOption', 1000n), '1000');
    assert.equal(r('ptraceRequest', 0n), 'PTRACE_TRACEME');
    assert.equal(r('ptraceRequest', 16n), 'PTRACE_ATTACH');
    assert.equal(r('ptraceRequest', 0x4206n), 'PTRACE_SEIZE');
    assert.equal(r('bpfCmd', 5n), 'BPF_PROG_LOAD');
    assert.equal(r('bpfCmd', 10n), 'BPF_PROG_TEST_RUN');
    assert.equal(r('bpfCmd', 36n), 'BPF_TOKEN_CREATE');
    assert.equal(r('fcntlCmd', 0n), 'F_DUPFD');
    assert.equal(r('fcntlCmd', 1030n), 'F_DUPFD_CLOEXEC');
    assert.equal(r('fcntlCmd', 12n), '12');
    assert.equal(r('capability', 21n), 'CAP_SYS_ADMIN');
    assert.equal(r('capability', 40n), 'CAP_CHECKPOINT_RESTORE');
    assert.equal(r('whence', 0n), 'SEEK_SET');
    assert.equal(r('whence', 4n), 'SEEK_HOLE');
    assert.equal(r('whence', 7n), '7');
  });

  it('memoised results stay equal to fresh ones', () => {
    for (let i = 0; i < 3; i++) assert.equal(r('openFlags', 0o2000101n), 'O_WRONLY|O_CREAT|O_CLOEXEC');
    for (let v = 0n; v < 3000n; v++) assert.equal(r('mmapProt', v & 7n), r('mmapProt', v & 7n));
  });
});

describe('errnoName', () => {
  it('names positive errno values', () => {
    assert.equal(errnoName(1), 'EPERM');
    assert.equal(errnoName(3), 'ESRCH');
    assert.equal(errnoName(11), 'EAGAIN');
    assert.equal(errnoName(95), 'EOPNOTSUPP');
    assert.equal(errnoName(133), 'EHWPOISON');
    assert.equal(errnoName(512), 'ERESTARTSYS');
    assert.equal(errnoName(0), undefined);
    assert.equal(errnoName(41), undefined);
    assert.equal(errnoName(-3), undefined);
  });
});
