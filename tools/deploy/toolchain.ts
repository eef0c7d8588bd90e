import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** A cold machine builds Helm from source and fills a venv, which takes minutes; a warm one answers at once. */
export const TOOLCHAIN_INSTALL_TIMEOUT_MS = 15 * 60_000;

function toolPath(script: string): string {
  const output = execFileSync('sh', [join(repoRoot, 'tools', 'toolchain', script)], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: TOOLCHAIN_INSTALL_TIMEOUT_MS,
  });
  return output.trim().split('\n').at(-1) ?? '';
}

let helm: string | undefined;
let kubernetesValidate: string | undefined;

/** The pinned Helm, installed into the cache by tools/toolchain/helm.sh when missing. */
export function helmBinary(): string {
  helm ??= toolPath('helm.sh');
  return helm;
}

/** The pinned kubernetes-validate, installed into the cache by tools/toolchain/kubernetes-validate.sh when missing. */
export function kubernetesValidateBinary(): string {
  kubernetesValidate ??= toolPath('kubernetes-validate.sh');
  return kubernetesValidate;
}

/** The Python of kubernetes-validate's venv, whose jsonschema checks the custom resources the validator has no schema for. */
export function validatorPython(): string {
  return join(kubernetesValidateBinary(), '..', 'python');
}
