/**
 * TRC-1016 illegitimate_shell: a web server became a shell. Tracee's logic
 * on sched_process_exec: the new program's comm is a shell and the comm the
 * process had before this exec (Tracee's `prev_comm`; sysray's process tree
 * keeps it) is a web server's. A server that forks and execs /bin/sh (CGI,
 * system(), popen, a web shell) is exactly that: its child still carries the
 * server's comm until the exec.
 */
import type { Signature } from '../signature.js';
import { HTTP_SERVER_BINARIES, SHELL_BINARIES } from '../falco-lists.js';

/** Tracee's webServersProcessNames: Falco's http_server_binaries and Tomcat's thread-name prefix `http-nio`. */
const WEB_SERVERS: readonly string[] = [...HTTP_SERVER_BINARIES, 'http-nio'];

export const illegitimateShell: Signature = {
  metadata: {
    id: 'TRC-1016',
    version: '1',
    name: 'Web server spawned a shell',
    eventName: 'illegitimate_shell',
    description: 'A web-server program on your server spawned a shell program. Shell is the linux command-line program, web servers usually don\'t run shell programs, so this alert might indicate an adversary is exploiting a web server program to gain command execution on the server.',
    properties: {
      Severity: 2,
      Category: 'initial-access',
      Technique: 'Exploit Public-Facing Application',
      Kubernetes_Technique: '',
      id: 'attack-pattern--3f886f2a-874f-4333-b794-aa6075009b1c',
      external_id: 'T1190',
    },
  },
  selects: [{ event: 'sched_process_exec', origin: 'any' }],
  doc: {
    data: [
      { name: 'prev_comm', type: 'const char *', doc: 'The comm before the exec: the web server\'s name (Tracee has it as an argument of sched_process_exec; sysray adds it to the finding).' },
    ],
    useCase: 'An attacker exploits a web application (command injection, a deserialization bug, an uploaded web shell) and the server runs `sh -c ...` for them: the server process forks and the child execs a shell. Web servers seldom run shells; this is often the first sign of remote code execution.',
    issues: 'Names, not programs: the comm is what the process calls itself (any program named `nginx` matches, and a real server renamed is missed), exact and at most 15 characters (Tomcat\'s worker threads are `http-nio-8080-e`, which Tracee\'s `http-nio` never equals; kept as Tracee has it). '
      + 'Only the exec right after the server: a server that runs a helper (perl, php-cgi, python) which then runs a shell, or a shell started by the shell, is not seen; a shell the server execs without forking is. '
      + 'Shells by comm: busybox sh (`sh`) matches; a shell under another name (a copy named `x`), or an interpreter (python -c, perl -e) does not. Servers that legitimately run shell scripts (CGI written in sh, log rotation hooks) are false positives. '
      + 'Differs from Falco\'s "Run shell untrusted" (`run_shell_untrusted`): that one looks at every ancestor, has a longer list of servers (databases, mail, proxies, Java servers by their class) and leaves out shells whose parent is a shell; one exec can make both findings.',
    related: ['sched_process_exec', 'run_shell_untrusted', 'stdio_over_socket'],
  },
  onEvent: (event, ctx) => {
    if (!SHELL_BINARIES.includes(event.processName)) return undefined;
    const prevComm = ctx.process(event.hostProcessId)?.previousComm ?? '';
    return WEB_SERVERS.includes(prevComm) ? { data: { prev_comm: prevComm } } : undefined;
  },
};
