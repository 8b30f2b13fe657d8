// deploy/helm/calsync rendered with its default values (and with the NetworkPolicy example on),
// checked against what the apps really read and serve: object kinds and API versions, probe paths
// and ports, env names the config parsers accept, Secret references, selectors, hooks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiEnvSchema } from '@calsync/api';
import { workerEnvSchema } from '@calsync/worker';
import { chartValues, renderChart, renderTemplate, type KubeObject } from './render-chart.ts';

const root = join(import.meta.dirname, '..', '..');
const values = chartValues() as {
  secret: { name: string; keys: Record<string, string> };
  api: { port: number };
  worker: { port: number };
};

const KNOWN_KINDS = new Set([
  'apps/v1 Deployment',
  'v1 Service',
  'autoscaling/v2 HorizontalPodAutoscaler',
  'policy/v1 PodDisruptionBudget',
  'batch/v1 Job',
  'networking.k8s.io/v1 NetworkPolicy',
]);

interface Container {
  name: string;
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string; port: string } };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { containers: Container[] };
}

const objects = renderChart(chartValues());
const find = (kind: string, name: string): KubeObject => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`${kind} ${name} not rendered`);
  return object;
};
const podOf = (object: KubeObject): PodTemplate => object.spec.template as PodTemplate;
const containerOf = (object: KubeObject): Container => podOf(object).spec.containers[0]!;

/** Env names the process's config parser knows (its zod schema), plus the OpenTelemetry SDK's. */
const accepted = (schema: { shape: object }) => (name: string) =>
  name in schema.shape || name.startsWith('OTEL_');

describe('deploy/helm/calsync', () => {
  it('renders only known Kubernetes kinds, every one named after the release', () => {
    for (const object of objects) {
      expect(
        KNOWN_KINDS.has(`${object.apiVersion} ${object.kind}`),
        `${object.apiVersion} ${object.kind}`,
      ).toBe(true);
      expect(object.metadata.name).toMatch(/^calsync-(api|worker|migrate)$/);
    }
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/calsync-api',
      'Deployment/calsync-worker',
      'HorizontalPodAutoscaler/calsync-api',
      'HorizontalPodAutoscaler/calsync-worker',
      'Job/calsync-migrate',
      'PodDisruptionBudget/calsync-api',
      'PodDisruptionBudget/calsync-worker',
      'Service/calsync-api',
      'Service/calsync-worker',
    ]);
  });

  it('wires probes to the endpoints and ports the API and the worker serve', () => {
    const served = {
      api: readFileSync(join(root, 'apps/api/src/plugins/health.ts'), 'utf8'),
      worker: readFileSync(join(root, 'apps/worker/src/http/worker-server.ts'), 'utf8'),
    };
    for (const [component, portEnv, port] of [
      ['api', 'PORT', values.api.port],
      ['worker', 'WORKER_PORT', values.worker.port],
    ] as const) {
      const container = containerOf(find('Deployment', `calsync-${component}`));
      expect(container.command).toEqual(['node', `apps/${component}/dist/main.js`]);
      expect(container.env.find((e) => e.name === portEnv)?.value).toBe(String(port));
      const portName = container.ports?.find((p) => p.containerPort === port)?.name;
      expect(portName).toBeDefined();
      for (const [probe, path] of [
        [container.livenessProbe, '/healthz'],
        [container.readinessProbe, '/readyz'],
        [container.startupProbe, '/healthz'],
      ] as const) {
        expect(probe?.httpGet).toEqual({ path, port: portName });
        expect(served[component]).toContain(`'${path}'`);
      }
    }
  });

  it('sets only environment variables the config parsers read, secrets from the one Secret', () => {
    const api = containerOf(find('Deployment', 'calsync-api'));
    const worker = containerOf(find('Deployment', 'calsync-worker'));
    const migrate = containerOf(find('Job', 'calsync-migrate'));
    expect(api.env.map((e) => e.name).filter((n) => !accepted(apiEnvSchema)(n))).toEqual([]);
    expect(worker.env.map((e) => e.name).filter((n) => !accepted(workerEnvSchema)(n))).toEqual([]);
    expect(migrate.env.map((e) => e.name).sort()).toEqual(['DATABASE_ADMIN_URL', 'DATABASE_URL']);
    const secretKeys = new Set(Object.values(values.secret.keys));
    for (const container of [api, worker, migrate]) {
      for (const env of container.env) {
        const ref = env.valueFrom?.secretKeyRef;
        if (!ref) continue;
        expect(ref.name).toBe(values.secret.name);
        expect(secretKeys.has(ref.key)).toBe(true);
        expect(ref.key).toBe(env.name);
      }
    }
    // Keys and credentials never appear as plain values.
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'CALSYNC_ENCRYPTION_KEYS', 'CALSYNC_ADMIN_API_KEY']) {
      for (const container of [api, worker])
        expect(container.env.find((e) => e.name === name)?.valueFrom).toBeDefined();
    }
  });

  it('points autoscalers, budgets and services at the pods of their component', () => {
    for (const component of ['api', 'worker']) {
      const labels = podOf(find('Deployment', `calsync-${component}`)).metadata.labels;
      const matches = (selector: Record<string, string>) =>
        Object.entries(selector).every(([key, value]) => labels[key] === value);
      const hpa = find('HorizontalPodAutoscaler', `calsync-${component}`);
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: `calsync-${component}`,
      });
      const pdb = find('PodDisruptionBudget', `calsync-${component}`);
      expect(matches((pdb.spec.selector as { matchLabels: Record<string, string> }).matchLabels)).toBe(true);
      expect(matches(find('Service', `calsync-${component}`).spec.selector as Record<string, string>)).toBe(
        true,
      );
    }
    const [apiMetric] = find('HorizontalPodAutoscaler', 'calsync-api').spec.metrics as {
      resource: { name: string };
    }[];
    expect(apiMetric?.resource.name).toBe('cpu');
    // Workers scale on the sync queue's age and depth, both metrics the worker really exports.
    const workerMetrics = find('HorizontalPodAutoscaler', 'calsync-worker').spec.metrics as {
      external: { metric: { name: string; selector: { matchLabels: Record<string, string> } } };
    }[];
    expect(workerMetrics.map((m) => m.external.metric.name)).toEqual([
      'calsync_queue_oldest_waiting_job_age_seconds',
      'calsync_queue_jobs',
    ]);
    expect(workerMetrics[1]?.external.metric.selector.matchLabels).toEqual({
      queue: 'sync',
      state: 'waiting',
    });
    const queueMetrics = readFileSync(join(root, 'apps/worker/src/observability/queue-metrics.ts'), 'utf8');
    for (const metric of workerMetrics)
      expect(queueMetrics).toContain(`name: '${metric.external.metric.name}'`);
  });

  it('runs the migrations as a pre-install/pre-upgrade hook with the image’s migrate entry', () => {
    const job = find('Job', 'calsync-migrate');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(containerOf(job).command).toEqual(['node', 'packages/core/dist/bin/migrate.js']);
  });

  it('adds the NetworkPolicy example only when enabled, on the named ports', () => {
    const enabled = renderChart({
      ...chartValues(),
      networkPolicy: { enabled: true, monitoringNamespace: 'mon' },
    });
    const policies = enabled.filter((o) => o.kind === 'NetworkPolicy');
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(['calsync-api', 'calsync-worker']);
    expect(JSON.stringify(policies)).toContain('"kubernetes.io/metadata.name":"mon"');
  });

  it('renderer refuses template constructs it does not implement', () => {
    const scope = { Values: { a: 1 }, Release: { Name: 'r', Namespace: 'n' } };
    expect(renderTemplate('x: {{ .Values.a | quote }}', scope)).toBe('x: "1"');
    expect(() => renderTemplate('x: {{ include "name" . }}', scope)).toThrow(/unsupported/);
    expect(() => renderTemplate('x: {{ .Values.missing }}', scope)).toThrow(/not defined/);
  });
});
