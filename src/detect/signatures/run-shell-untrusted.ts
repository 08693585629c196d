/**
 * SYSRAY-4 run_shell_untrusted: Falco's rule "Run shell untrusted", a shell
 * spawned below a server. Falco's logic on sched_process_exec: the new
 * program is a shell; some ancestor is a protected shell spawner (web,
 * database, NoSQL and mail servers, a few daemons), or the parent is a Java
 * server known by its main class; the parent is not itself a shell nor one
 * of Falco's known shell-running helpers. It reaches further than Tracee's
 * illegitimate_shell (any ancestor, more servers) and skips shells run by shells.
 */
import type { Signature } from '../signature.js';
import { baseName, processData, processNamed } from '../predicates.js';
import { CRON_BINARIES, GITLAB_BINARIES, MESOS_SHELL_BINARIES, PROTECTED_SHELL_SPAWNING_BINARIES, SHELL_BINARIES } from '../falco-lists.js';

/** Falco's parent_java_running_* macros: the class or jar in a java parent's command line. */
const JAVA_SERVERS: readonly string[] = [
  'org.apache.zookeeper.server', 'kafka.Kafka', 'org.elasticsearch.bootstrap.Elasticsearch', 'activemq.jar',
  '-Dcassandra.config.loader', 'org.apache.cassandra.service.CassandraDaemon', 'org.jboss',
  'com.sun.enterprise.glassfish', 'org.apache.hadoop', 'com.datastax',
];

/** Parents whose shells Falco lets be (shells, gitlab, cron and its listed helpers; its names as comms, cut at 15). */
const ALLOWED_PARENTS: readonly string[] = [
  ...SHELL_BINARIES, ...GITLAB_BINARIES, ...CRON_BINARIES, 'needrestart', ...MESOS_SHELL_BINARIES,
  'erl_child_setup', 'exechealthz', 'PM2', 'PassengerWatchd', 'c_rehash', 'svlogd', 'logrotate', 'hhvm', 'serf',
  'lb-controller', 'nvidia-installe', 'runsv', 'statsite', 'erlexec', 'calico-node', 'puma reactor',
];

export const runShellUntrusted: Signature = {
  metadata: {
    id: 'SYSRAY-4',
    version: '1',
    name: 'Shell spawned by untrusted binary',
    eventName: 'run_shell_untrusted',
    description: 'A shell was spawned below a server program (web, database, mail server, a Java application server...). Servers seldom run shells; a shell below one often means an adversary is running commands through an exploited service (Falco\'s rule "Run shell untrusted").',
    properties: {
      Severity: 1, // Falco's NOTICE
      Category: 'execution',
      Technique: 'Unix Shell',
      Kubernetes_Technique: '',
      id: 'attack-pattern--a9d4b653-6915-42af-98b2-5758c4ceee56',
      external_id: 'T1059.004',
    },
  },
  selects: [{ event: 'sched_process_exec', origin: 'any' }],
  params: {
    spawners: { default: PROTECTED_SHELL_SPAWNING_BINARIES, doc: 'Programs (comm or executable name) below which a shell is reported (Falco\'s protected_shell_spawning_binaries).' },
    allowed_parents: { default: ALLOWED_PARENTS, doc: 'Parents whose shells are not reported (Falco\'s pname exclusions: shells, cron, gitlab, listed helpers).' },
  },
  doc: {
    data: [
      { name: 'spawner', type: 'unknown', doc: 'The server the shell is below: {hostProcessId, processName, executable: {path}, processEntityId}.' },
      { name: 'parent', type: 'const char *', doc: 'The shell\'s parent\'s comm.' },
    ],
    useCase: 'Remote code execution in a service: a command injection in a web application, a Redis or database server made to run a command (Redis module or replication tricks, PostgreSQL COPY ... PROGRAM), a Java server exploited through deserialization or Log4Shell, all end in a shell below the service, directly or through a helper.',
    issues: 'Falco\'s logic with its lists (spawners, allowed parents: both parameters); its many command-line exceptions (nginx starting nginx, consul checks, package managers, postgres WAL-E, redis and rabbitmq scripts...) are not carried over: set `allowed_parents` or use a policy for yours. '
      + 'Tomcat and node are opt-in in Falco (never_true) and left out here too; add them to `spawners` where they should not run shells. Names, not programs: comm or the executable\'s base name, so a renamed server is missed and anything named like one matches. '
      + 'Ancestors as the process tree knows them: a server started before sysray is known from /proc; a shell re-parented to init after its parent died has lost its ancestry. Shells under another name and interpreters (python, perl) are not shells here. '
      + 'Overlap with Tracee\'s illegitimate_shell: a web server that forks and execs sh gives both findings; this one adds every ancestor, databases, mail and the other daemons, Java servers, and drops shells whose parent is a shell.',
    related: ['sched_process_exec', 'illegitimate_shell', 'stdio_over_socket'],
  },
  onEvent: (event, ctx) => {
    if (!SHELL_BINARIES.includes(event.processName)) return undefined;
    const ancestors = ctx.ancestors(event.hostProcessId);
    const parent = ancestors[0];
    if (!parent || processNamed(ctx.param('allowed_parents'), parent.comm, '')) return undefined;
    const spawners = ctx.param('spawners');
    let spawner = ancestors.find((a) => processNamed(spawners, a.comm, a.exePath));
    if (!spawner) {
      // Falco's proc.pexe is argv[0]; the class or jar is somewhere in the command line
      const javaExe = (parent.argv[0] ?? '').endsWith('java') || baseName(parent.exePath) === 'java';
      const cmdline = parent.argv.join(' ');
      if (javaExe && JAVA_SERVERS.some((s) => cmdline.includes(s))) spawner = parent;
    }
    if (!spawner) return undefined;
    return { data: { spawner: processData(ctx, spawner.hostPid), parent: parent.comm } };
  },
};
