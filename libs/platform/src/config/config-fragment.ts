import { z } from 'zod';

export type EnvShape = Record<string, z.ZodType>;

/** One slice of a service's configuration: the environment variables it reads and the typed tree it builds. */
export interface ConfigFragment<TShape extends EnvShape, TTree extends object> {
  readonly env: TShape;
  readonly build: (values: z.output<z.ZodObject<TShape>>) => TTree;
}

export function defineConfigFragment<TShape extends EnvShape, TTree extends object>(
  fragment: ConfigFragment<TShape, TTree>,
): ConfigFragment<TShape, TTree> {
  return fragment;
}

type UnionToIntersection<TUnion> = (TUnion extends unknown ? (value: TUnion) => void : never) extends (
  value: infer TIntersection,
) => void
  ? TIntersection
  : never;

type TreeOf<TFragment> = TFragment extends { build: (values: never) => infer TTree } ? TTree : never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the fragments' own env shapes vary; only their trees are combined.
type AnyFragment = ConfigFragment<any, object>;

export type ComposedConfig<TFragments extends readonly AnyFragment[]> = UnionToIntersection<TreeOf<TFragments[number]>>;

export interface ConfigSchema<TConfig> {
  readonly variables: readonly string[];
  parse(env: Readonly<Record<string, string | undefined>>): { ok: true; config: TConfig } | { ok: false; problems: string[] };
}

/** Combines fragments into one schema; every problem with every variable is reported at once. */
export function composeConfig<const TFragments extends readonly AnyFragment[]>(
  ...fragments: TFragments
): ConfigSchema<ComposedConfig<TFragments>> {
  const shape: EnvShape = {};
  for (const fragment of fragments) {
    for (const [name, schema] of Object.entries(fragment.env as EnvShape)) {
      if (name in shape) {
        throw new Error(`Configuration variable ${name} is declared by two fragments`);
      }
      shape[name] = schema;
    }
  }
  const envSchema = z.object(shape);
  return {
    variables: Object.keys(shape).sort(),
    parse(env) {
      const input: Record<string, string> = {};
      for (const name of Object.keys(shape)) {
        const value = env[name];
        // An empty variable means "not set", as shells and Helm templates often leave it.
        if (value !== undefined && value !== '') {
          input[name] = value;
        }
      }
      const result = envSchema.safeParse(input);
      if (!result.success) {
        const problems = result.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? '(configuration)');
          const given = input[name] === undefined ? 'is not set' : 'is invalid';
          return `${name} ${given}: ${issue.message}`;
        });
        return { ok: false, problems };
      }
      const config = {} as Record<string, unknown>;
      for (const fragment of fragments) {
        Object.assign(config, fragment.build(result.data as never));
      }
      return { ok: true, config: config as ComposedConfig<TFragments> };
    },
  };
}

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(service: string, problems: readonly string[]) {
    super(`${service}: invalid configuration\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig<TConfig>(
  service: string,
  schema: ConfigSchema<TConfig>,
  env: Readonly<Record<string, string | undefined>>,
): TConfig {
  const result = schema.parse(env);
  if (!result.ok) {
    throw new ConfigError(service, result.problems);
  }
  return result.config;
}

export type ConfigOf<TSchema> = TSchema extends ConfigSchema<infer TConfig> ? TConfig : never;
