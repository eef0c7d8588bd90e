import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { SERVICE_NAMES } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { SERVICE_ENV, SERVICE_NODE_FLAGS, SERVICE_PORTS } from '../dev/service-process.ts';
import { healthcheckCommand, parseDockerfile, type Instruction } from './dockerfile.ts';
import { repoRoot } from './toolchain.ts';

const NODE_VERSION = /PARLEY_NODE_VERSION:-([0-9.]+)/.exec(readFileSync(join(repoRoot, 'tools/toolchain/node.sh'), 'utf8'))?.[1];
const BUILD_WORKDIR = '/app';
/** The web desk: static files, served by the gateway and, on a separate web tier, by its own image. */
const DESK = 'agent-desk';

/** A project and every project it references, transitively, as repo-relative folders: what the service runs. */
function projectClosure(project: string, seen = new Set<string>()): Set<string> {
  const config = JSON.parse(readFileSync(join(repoRoot, project, 'tsconfig.json'), 'utf8')) as { references?: { path: string }[] };
  for (const reference of config.references ?? []) {
    const folder = normalize(join(project, reference.path));
    if (!seen.has(folder)) {
      seen.add(folder);
      projectClosure(folder, seen);
    }
  }
  return seen;
}

function only(instructions: Instruction[], keyword: string): Instruction[] {
  return instructions.filter((instruction) => instruction.keyword === keyword);
}

describe('service images', () => {
  it('has a Dockerfile for every service and the desk, and nothing else', () => {
    const withDockerfile = readdirSync(join(repoRoot, 'apps')).filter((app) => existsSync(join(repoRoot, 'apps', app, 'Dockerfile')));
    expect(withDockerfile.sort()).toEqual([...SERVICE_NAMES, DESK].sort());
  });

  describe('the desk', () => {
    const instructions = parseDockerfile(join(repoRoot, 'apps', DESK, 'Dockerfile'));
    const runtime = instructions.filter((instruction) => instruction.stage === 1);

    it('builds with the command CI uses and ships only the desk build and its web server settings', () => {
      const build = instructions.filter((instruction) => instruction.stage === 0);
      expect(only(build, 'FROM')[0]?.args[0]).toBe(`node:${NODE_VERSION}-bookworm-slim`);
      expect(only(build, 'RUN').map((run) => run.value).join(' ')).toMatch(/^npm run build\b/);
      const sources = only(runtime, 'COPY').map((copy) => (copy.args[0] ?? '').slice(BUILD_WORKDIR.length + 1));
      expect(sources).toEqual(['apps/agent-desk/dist', 'apps/agent-desk/nginx/default.conf.template']);
      for (const source of sources) {
        expect(existsSync(join(repoRoot, source)), `${source} is missing: build first`).toBe(true);
      }
      expect(existsSync(join(repoRoot, 'apps/agent-desk/dist/index.html'))).toBe(true);
    });

    it('runs unprivileged, checks health on the port it exposes, and passes /api with WebSocket upgrades to the gateway', () => {
      const user = only(runtime, 'USER').at(-1)?.args[0] ?? '';
      expect(Number(user.split(':')[0])).toBeGreaterThan(0);
      const port = only(runtime, 'EXPOSE')[0]?.args[0] ?? '';
      const healthcheck = healthcheckCommand(only(runtime, 'HEALTHCHECK')[0] as Instruction).join(' ');
      expect(healthcheck).toContain(`http://127.0.0.1:${port}/healthz`);
      const template = readFileSync(join(repoRoot, 'apps/agent-desk/nginx/default.conf.template'), 'utf8');
      expect(template).toContain(`listen ${port};`);
      expect(template).toMatch(/location \/api\/ \{[^}]*proxy_pass \$\{PARLEY_GATEWAY_URL\};[^}]*Upgrade \$http_upgrade/s);
      expect(template).toContain("script-src 'self'");
    });
  });

  it("puts the desk's build into the gateway image, which serves it", () => {
    const copies = only(parseDockerfile(join(repoRoot, 'apps', 'gateway', 'Dockerfile')), 'COPY').map((copy) => copy.args[0]);
    expect(copies).toContain('/app/apps/agent-desk/dist');
  });

  describe.each(SERVICE_NAMES.map((service) => [service]))('%s', (service) => {
    const instructions = parseDockerfile(join(repoRoot, 'apps', service, 'Dockerfile'));
    const finalStage = Math.max(...instructions.map((instruction) => instruction.stage));
    const runtime = instructions.filter((instruction) => instruction.stage === finalStage);

    it('builds in one stage with the commands CI uses and runs from another, both on the Node CI pins', () => {
      const froms = only(instructions, 'FROM');
      expect(froms).toHaveLength(2);
      expect(NODE_VERSION).toBeDefined();
      for (const from of froms) {
        expect(from.args[0]).toBe(`node:${NODE_VERSION}-bookworm-slim`);
      }
      const build = instructions.filter((instruction) => instruction.stage === 0);
      expect(only(build, 'RUN').map((run) => run.value).join(' ')).toMatch(/^npm run build\b/);
      // `npm run build` is tools/toolchain/run.sh build, which runs `npm ci` on a tree without an install stamp.
      const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(packageJson.scripts.build).toBe('sh tools/toolchain/run.sh build');
      expect(readFileSync(join(repoRoot, 'tools/toolchain/run.sh'), 'utf8')).toContain('npm ci');
    });

    it('copies into the runtime image only build output that exists after `tsc -b` of the service', () => {
      const copies = only(runtime, 'COPY');
      expect(copies.length).toBeGreaterThan(0);
      for (const copy of copies) {
        expect(copy.flags.from, copy.value).toBe('build');
        const [source = '', destination = ''] = copy.args;
        expect(source.startsWith(`${BUILD_WORKDIR}/`), copy.value).toBe(true);
        const relative = source.slice(BUILD_WORKDIR.length + 1);
        expect(existsSync(join(repoRoot, relative)), `${relative} is missing: build the service first`).toBe(true);
        expect(normalize(destination), copy.value).toBe(normalize(`./${relative}`));
      }
    });

    it('copies every library the service references, with its package.json and dist, and migrations for data access', () => {
      const copied = new Set(only(runtime, 'COPY').map((copy) => (copy.args[0] ?? '').slice(BUILD_WORKDIR.length + 1)));
      const projects = [...projectClosure(join('apps', service)), join('apps', service)];
      for (const project of projects) {
        expect(copied, `${project}/package.json`).toContain(`${project}/package.json`);
        expect(copied, `${project}/dist`).toContain(`${project}/dist`);
        if (existsSync(join(repoRoot, project, 'prisma', 'migrations'))) {
          expect(copied, `${project}/prisma/migrations`).toContain(`${project}/prisma/migrations`);
        }
      }
      const libraries = [...copied].filter((path) => path.startsWith('libs/')).map((path) => path.replace(/\/(package\.json|dist|prisma\/migrations)$/, ''));
      expect(new Set(libraries)).toEqual(new Set(projects.filter((project) => project.startsWith('libs/'))));
      expect(copied).toContain('node_modules');
    });

    it('runs apps/<service>/dist/main.js with the flags and allocator settings the local stack uses, and ships the migrate entry', () => {
      const cmd = only(runtime, 'CMD').at(-1)?.args;
      expect(cmd).toEqual(['node', ...SERVICE_NODE_FLAGS[service], `apps/${service}/dist/main.js`]);
      const env = only(runtime, 'ENV').map((instruction) => instruction.value).join(' ');
      for (const [name, value] of Object.entries(SERVICE_ENV)) {
        expect(env).toMatch(new RegExp(`(^|\\s)${name}=${value}(\\s|$)`));
      }
      expect(only(runtime, 'ENTRYPOINT')).toHaveLength(0);
      expect(existsSync(join(repoRoot, 'apps', service, 'dist', 'main.js'))).toBe(true);
      expect(existsSync(join(repoRoot, 'apps', service, 'dist', 'migrate.js'))).toBe(true);
    });

    it('listens, exposes and checks health on the service default HTTP_PORT', () => {
      const port = String(SERVICE_PORTS[service]);
      expect(only(runtime, 'ENV').map((env) => env.value).join(' ')).toMatch(new RegExp(`\\bHTTP_PORT=${port}\\b`));
      expect(only(runtime, 'EXPOSE').map((expose) => expose.args[0])).toEqual([port]);
      const healthcheck = only(runtime, 'HEALTHCHECK');
      expect(healthcheck).toHaveLength(1);
      const command = healthcheckCommand(healthcheck[0] as Instruction);
      expect(command[0]).toBe('node');
      expect(command.join(' ')).toContain(`http://127.0.0.1:${port}/healthz`);
    });

    it('runs as a numeric non-root user', () => {
      const user = only(runtime, 'USER').at(-1)?.args[0] ?? '';
      expect(user).toMatch(/^[0-9]+(:[0-9]+)?$/);
      expect(Number(user.split(':')[0])).toBeGreaterThan(0);
      const userIndex = runtime.findIndex((instruction) => instruction.keyword === 'USER');
      expect(runtime.slice(userIndex).some((instruction) => instruction.keyword === 'RUN')).toBe(false);
    });
  });

  it('keeps local installs, build output and state out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const pattern of ['**/node_modules', '**/dist', '.parley', '.git', 'libs/*/data-access/src/generated']) {
      expect(ignored).toContain(pattern);
    }
  });
});
