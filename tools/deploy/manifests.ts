import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { helmBinary, kubernetesValidateBinary, repoRoot, validatorPython } from './toolchain.ts';

export const CHART_DIR = join(repoRoot, 'charts', 'parley');
export const PRODUCTION_VALUES = join(CHART_DIR, 'ci', 'production-values.yaml');
/** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and the newest the validator knows. */
export const KUBERNETES_VERSIONS = ['1.30.0', '1.37.0'] as const;

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [field: string]: unknown;
}

export interface CommandResult {
  status: number | null;
  output: string;
}

function run(command: string, args: string[]): CommandResult {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function helmLint(valuesFiles: string[] = []): CommandResult {
  return run(helmBinary(), ['lint', '--strict', CHART_DIR, ...valuesFiles.flatMap((file) => ['--values', file])]);
}

/** `helm template` of the chart, as text. Lookups find nothing, as on a first install. */
export function helmTemplate(options: { valuesFiles?: string[]; kubeVersion?: string; set?: string[] } = {}): string {
  const args = ['template', 'parley', CHART_DIR, '--namespace', 'parley'];
  for (const file of options.valuesFiles ?? []) {
    args.push('--values', file);
  }
  for (const assignment of options.set ?? []) {
    args.push('--set', assignment);
  }
  if (options.kubeVersion) {
    args.push('--kube-version', options.kubeVersion);
  }
  return execFileSync(helmBinary(), args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/** API groups kubernetes-validate has schemas for; everything else is a custom resource checked by our own schemas. */
export function isBuiltIn(manifest: Manifest): boolean {
  const group = manifest.apiVersion.includes('/') ? (manifest.apiVersion.split('/')[0] ?? '') : '';
  return group === '' || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group);
}

function withTempFiles<T>(manifests: Manifest[], work: (files: string[]) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'parley-manifests-'));
  try {
    const files = manifests.map((manifest, index) => {
      const file = join(dir, `${String(index).padStart(3, '0')}-${manifest.kind}-${manifest.metadata.name}.json`);
      writeFileSync(file, JSON.stringify(manifest));
      return file;
    });
    return work(files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Strict offline validation of built-in kinds: unknown fields, wrong types and missing required fields fail. */
export function validateBuiltIn(manifests: Manifest[], kubernetesVersion: string): CommandResult {
  return withTempFiles(manifests, (files) =>
    run(kubernetesValidateBinary(), ['--strict', '--quiet', '--kubernetes-version', kubernetesVersion, ...files]),
  );
}

/** Validates custom resources against the JSON Schemas in tools/deploy/schemas, keyed by kind. */
export function validateCustomResources(manifests: Manifest[]): CommandResult {
  return withTempFiles(manifests, (files) =>
    run(validatorPython(), [join(repoRoot, 'tools', 'deploy', 'validate-custom-resources.py'), join(repoRoot, 'tools', 'deploy', 'schemas'), ...files]),
  );
}
