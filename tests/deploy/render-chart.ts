// Renders deploy/helm/calsync without helm (not installable here): a faithful renderer of the Go
// template subset the chart uses — `{{ .Values.x }}`, `{{ .Release.Name }}`, `| quote`,
// `{{- toYaml .Values.x | nindent N }}`, `{{- if .Values.x }} … {{- end }}` — that fails on
// anything else, so a template using more cannot pass unchecked.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

export const chartDir = join(import.meta.dirname, '..', '..', 'deploy', 'helm', 'calsync');

export interface RenderScope {
  Values: Record<string, unknown>;
  Release: { Name: string; Namespace: string };
}

function lookup(scope: RenderScope, path: string): unknown {
  if (!path.startsWith('.')) throw new Error(`unsupported template expression: ${path}`);
  let value: unknown = scope;
  for (const key of path.slice(1).split('.')) {
    if (typeof value !== 'object' || value === null || !(key in value))
      throw new Error(`${path} is not defined`);
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Go's `{{-` trims the whitespace (newlines included) before the action. */
const LEFT_TRIM = String.raw`[ \t]*\n?[ \t]*\{\{-`;

export function renderTemplate(text: string, scope: RenderScope): string {
  let out = text.replace(
    new RegExp(String.raw`${LEFT_TRIM}\s*if\s+(\S+)\s*\}\}([\s\S]*?)${LEFT_TRIM}\s*end\s*\}\}`, 'g'),
    (_match, path: string, body: string) => (lookup(scope, path) ? body : ''),
  );
  out = out.replace(
    new RegExp(String.raw`${LEFT_TRIM}\s*toYaml\s+(\S+)\s*\|\s*nindent\s+(\d+)\s*\}\}`, 'g'),
    (_match, path: string, indent: string) =>
      `\n${stringify(lookup(scope, path))
        .trimEnd()
        .split('\n')
        .map((line) => ' '.repeat(Number(indent)) + line)
        .join('\n')}`,
  );
  out = out.replace(/\{\{\s*(\S+)\s*(\|\s*quote\s*)?\}\}/g, (_match, path: string, quote?: string) => {
    const value = lookup(scope, path);
    return quote ? JSON.stringify(String(value)) : String(value);
  });
  if (out.includes('{{')) throw new Error(`unsupported template construct in:\n${out}`);
  return out;
}

export function chartValues(): Record<string, unknown> {
  return parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  [key: string]: unknown;
}

/** Every object the chart's templates produce with `values`, parsed. */
export function renderChart(values: Record<string, unknown>, releaseName = 'calsync'): KubeObject[] {
  const scope: RenderScope = { Values: values, Release: { Name: releaseName, Namespace: 'default' } };
  const objects: KubeObject[] = [];
  for (const file of readdirSync(join(chartDir, 'templates')).sort()) {
    const rendered = renderTemplate(readFileSync(join(chartDir, 'templates', file), 'utf8'), scope);
    for (const doc of parseAllDocuments(rendered)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      const object = doc.toJS() as KubeObject | null;
      if (object) objects.push(object);
    }
  }
  return objects;
}
