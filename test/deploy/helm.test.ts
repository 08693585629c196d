/**
 * deploy/helm/sysray rendered with its defaults and with overrides, by the
 * test renderer of our chart's template subset (render-chart.ts), parsed back
 * and judged as Kubernetes objects. With helm installed, `helm lint` and
 * `helm template` run too, and helm's output must be the same objects.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../helpers/trace.js';
import { DEFAULT_RUNTIME_SOCKETS } from '../../src/process/container-runtime.js';
import { parseOutput } from '../../src/cli/parse-output.js';
import { loadPolicyFiles } from '../../src/policy/policy-file.js';
import { renderChart, renderTemplate } from './render-chart.js';

const CHART = path.join(ROOT, 'deploy', 'helm', 'sysray');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed manifests
type K8sObject = Record<string, any>;

function objects(stream: string): K8sObject[] {
  const docs = YAML.parseAllDocuments(stream);
  for (const d of docs) assert.deepEqual(d.errors, [], String(d.errors[0]));
  return docs.map((d) => d.toJS()).filter((o) => o !== null);
}

function render(values: Record<string, unknown> = {}): K8sObject[] {
  return objects(renderChart(CHART, { releaseName: 'sysray', namespace: 'security', values }).stream);
}

function one(objs: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  assert.equal(found.length, 1, `one ${kind} ${name ?? ''}: ${found.length}`);
  return found[0];
}

function container(objs: K8sObject[]): K8sObject {
  const pod = one(objs, 'DaemonSet').spec.template.spec;
  assert.equal(pod.containers.length, 1);
  return pod.containers[0];
}

/** The values following each `flag` in `args`. */
function flagValues(args: readonly string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag && i + 1 < args.length ? [args[i + 1]] : []));
}

/** A mount of `mountPath`, and the volume it names. */
function mountAndVolume(objs: K8sObject[], mountPath: string): { mount: K8sObject; volume: K8sObject } {
  const mounts = container(objs).volumeMounts.filter((m: K8sObject) => m.mountPath === mountPath);
  assert.equal(mounts.length, 1, `one mount at ${mountPath}`);
  const volumes = one(objs, 'DaemonSet').spec.template.spec.volumes.filter((v: K8sObject) => v.name === mounts[0].name);
  assert.equal(volumes.length, 1, `the volume ${mounts[0].name}`);
  return { mount: mounts[0], volume: volumes[0] };
}

const POLICY = {
  apiVersion: 'tracee.aquasec.com/v1beta1',
  kind: 'Policy',
  metadata: { name: 'shells-in-containers', annotations: { description: 'shells started in containers' } },
  spec: { scope: ['container'], rules: [{ event: 'execve', filters: ['data.pathname=/bin/sh'] }] },
};

describe('default values', () => {
  const objs = render();

  test('a DaemonSet and its ServiceAccount; no ConfigMap and no -p without policies', () => {
    assert.deepEqual(objs.map((o) => o.kind).sort(), ['DaemonSet', 'ServiceAccount']);
    const ds = one(objs, 'DaemonSet');
    assert.equal(ds.apiVersion, 'apps/v1');
    assert.equal(ds.metadata.namespace, 'security');
    assert.deepEqual(ds.spec.selector.matchLabels, Object.fromEntries(Object.entries(ds.spec.template.metadata.labels).filter(([k]) => k in ds.spec.selector.matchLabels)));
    assert.equal(ds.spec.template.spec.serviceAccountName, one(objs, 'ServiceAccount').metadata.name);
    assert.deepEqual(flagValues(container(objs).args, '-p'), []);
  });

  test("the host's pid namespace, privileged, on every node", () => {
    const pod = one(objs, 'DaemonSet').spec.template.spec;
    assert.equal(pod.hostPID, true);
    assert.equal(pod.hostNetwork, undefined);
    assert.equal(container(objs).securityContext.privileged, true);
    assert.deepEqual(pod.tolerations, [{ operator: 'Exists' }]);
  });

  test('BTF, tracefs and the runtime sockets mounted read-only from the host at the paths sysray reads', () => {
    const paths = ['/sys/kernel/btf', '/sys/kernel/tracing', DEFAULT_RUNTIME_SOCKETS.containerd, DEFAULT_RUNTIME_SOCKETS.docker, DEFAULT_RUNTIME_SOCKETS.crio];
    for (const p of paths) {
      const { mount, volume } = mountAndVolume(objs, p);
      assert.equal(mount.readOnly, true, `${p} read-only`);
      assert.equal(volume.hostPath.path, p, `${p} from the host's ${p}`);
    }
    // every mount is read-only; /proc is the container's own (hostPID), not a host mount
    for (const m of container(objs).volumeMounts) assert.equal(m.readOnly, true, m.mountPath);
    assert.ok(!container(objs).volumeMounts.some((m: K8sObject) => m.mountPath.startsWith('/proc') || m.mountPath.startsWith('/host')));
    assert.ok(!container(objs).volumeMounts.some((m: K8sObject) => m.mountPath === '/sys/kernel/debug'), 'debugfs only when asked');
  });

  test('the server on the pod address with /healthz and /metrics; probes and the metrics port on it', () => {
    const c = container(objs);
    assert.deepEqual(flagValues(c.args, '--server'), ['http-address=0.0.0.0:3366', 'healthz', 'metrics']);
    for (const probe of [c.readinessProbe, c.livenessProbe]) assert.deepEqual(probe.httpGet, { path: '/healthz', port: 3366 });
    assert.deepEqual(c.ports, [{ name: 'metrics', containerPort: 3366, protocol: 'TCP' }]);
    const annotations = one(objs, 'DaemonSet').spec.template.metadata.annotations;
    assert.deepEqual([annotations['prometheus.io/scrape'], annotations['prometheus.io/port'], annotations['prometheus.io/path']], ['true', '3366', '/metrics']);
    assert.deepEqual(flagValues(c.args, '--log-format'), ['json']);
  });

  test('--node-name is the node, from the downward API', () => {
    const c = container(objs);
    assert.deepEqual(flagValues(c.args, '--node-name'), ['$(NODE_NAME)']);
    const env = c.env.find((e: K8sObject) => e.name === 'NODE_NAME');
    assert.deepEqual(env.valueFrom, { fieldRef: { fieldPath: 'spec.nodeName' } });
  });

  test('image: the repository at the chart appVersion; events to stdout', () => {
    const chart = YAML.parse(renderTemplate('{{ .Chart.AppVersion }}', { Chart: { AppVersion: '9' } }));
    assert.equal(chart, 9);
    assert.equal(container(objs).image, 'sysray:0.1.0');
    assert.deepEqual(flagValues(container(objs).args, '-o'), ['json']);
  });
});

describe('outputs, policies and signature config set', () => {
  const outputs = ['json', 'webhook:http://collector.security:8080/events', 'nats:nats://nats.security:4222/sysray'];
  const objs = render({ outputs, policies: [POLICY], signaturesConfig: { dropped_executable: { severity: 1 } }, image: { tag: 'dev' } });

  test('each output is one -o, in order, and sysray accepts them', () => {
    const given = flagValues(container(objs).args, '-o');
    assert.deepEqual(given, outputs);
    const parsed = parseOutput(given);
    assert.deepEqual(parsed.sinks.map((s) => s.kind), ['webhook', 'nats']);
    assert.deepEqual(parsed.targets.map((t) => [t.format, t.path]), [['json', undefined]]);
    assert.equal(container(objs).image, 'sysray:dev');
  });

  test('the policy in a ConfigMap mounted read-only at /etc/sysray/policies, passed as -p', () => {
    assert.deepEqual(flagValues(container(objs).args, '-p'), ['/etc/sysray/policies']);
    const { mount, volume } = mountAndVolume(objs, '/etc/sysray/policies');
    assert.equal(mount.readOnly, true);
    const cm = one(objs, 'ConfigMap', volume.configMap.name);
    assert.deepEqual(Object.keys(cm.data), ['shells-in-containers.yaml']);
    assert.deepEqual(YAML.parse(cm.data['shells-in-containers.yaml']), POLICY);
  });

  test('sysray loads that directory as the kubelet lays a ConfigMap out (..data symlinks)', () => {
    const cm = one(objs, 'ConfigMap', mountAndVolume(objs, '/etc/sysray/policies').volume.configMap.name);
    const dir = mkdtempSync(path.join(tmpdir(), 'sysray-cm-'));
    try {
      const stamp = path.join(dir, '..2026_12_02_00_00_00.000000001');
      mkdirSync(stamp);
      for (const [key, text] of Object.entries(cm.data)) {
        writeFileSync(path.join(stamp, key), text as string);
        symlinkSync(path.join('..data', key), path.join(dir, key));
      }
      symlinkSync(path.basename(stamp), path.join(dir, '..data'));
      const policies = loadPolicyFiles([dir]);
      assert.deepEqual(policies.map((p) => [p.name, p.rules.map((r) => r.event.text)]), [['shells-in-containers', ['execve']]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the signature config in its own ConfigMap (not among the policies), passed as --signatures-config', () => {
    const [file] = flagValues(container(objs).args, '--signatures-config');
    const { mount, volume } = mountAndVolume(objs, path.dirname(file));
    assert.equal(mount.readOnly, true);
    const cm = one(objs, 'ConfigMap', volume.configMap.name);
    assert.deepEqual(YAML.parse(cm.data[path.basename(file)]), { dropped_executable: { severity: 1 } });
    assert.notEqual(path.dirname(file), '/etc/sysray/policies');
  });
});

test('privileged: false gives only the listed capabilities, with seccomp and AppArmor unconfined', () => {
  const objs = render({ privileged: false });
  const sc = container(objs).securityContext;
  assert.equal(sc.privileged, false);
  assert.deepEqual(sc.capabilities, { drop: ['ALL'], add: ['BPF', 'PERFMON', 'SYS_RESOURCE', 'SYS_PTRACE', 'DAC_READ_SEARCH'] });
  assert.deepEqual(sc.seccompProfile, { type: 'Unconfined' });
  assert.equal(one(objs, 'DaemonSet').spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/sysray'], 'unconfined');
  assert.equal(render().find((o) => o.kind === 'DaemonSet')!.spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/sysray'], undefined);
});

test('hostMounts.debugfs mounts /sys/kernel/debug read-only', () => {
  const { mount, volume } = mountAndVolume(render({ hostMounts: { debugfs: true } }), '/sys/kernel/debug');
  assert.equal(mount.readOnly, true);
  assert.equal(volume.hostPath.path, '/sys/kernel/debug');
});

test('the test renderer refuses what is outside its subset instead of rendering it wrong', () => {
  assert.throws(() => renderTemplate('{{ include "x" . }}', {}), /subset/);
  assert.throws(() => renderTemplate('{{ with .a }}x{{ end }}', { a: 1 }), /subset/);
  assert.throws(() => renderTemplate('{{ .Values.missing }}', { Values: {} }), /no value/);
  assert.throws(() => renderTemplate('{{ .Values.a.b }}', { Values: {} }), /nil pointer/);
  assert.throws(() => renderTemplate('{{ if .a }}x', { a: 1 }), /missing \{\{ end \}\}/);
  assert.equal(renderTemplate('a:\n  {{- range .l }}\n  - {{ . | quote }}\n  {{- end }}\n', { l: ['x', 'y'] }), 'a:\n  - "x"\n  - "y"\n');
  assert.equal(renderTemplate('{{ .t | default "d" }} {{ if not .f }}no{{ else }}yes{{ end }}', { t: '', f: false }), 'd no');
});

const helm = spawnSync('helm', ['version', '--short'], { encoding: 'utf8' });
const helmSkip = helm.error !== undefined || helm.status !== 0 ? 'helm is not installed here (Debian bookworm does not package it)' : false;

test('helm lint and helm template agree with the test renderer', { skip: helmSkip }, () => {
  const lint = spawnSync('helm', ['lint', CHART], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  const set = ['--set', 'outputs[0]=json', '--set', 'outputs[1]=nats:nats://nats.security:4222/sysray'];
  const template = spawnSync('helm', ['template', 'sysray', CHART, '--namespace', 'security', ...set], { encoding: 'utf8' });
  assert.equal(template.status, 0, template.stderr);
  assert.deepEqual(objects(template.stdout), render({ outputs: ['json', 'nats:nats://nats.security:4222/sysray'] }));
});
