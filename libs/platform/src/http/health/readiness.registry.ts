export interface ReadinessResult {
  ready: boolean;
  detail: string;
}

export type ReadinessCheck = () => Promise<ReadinessResult>;

const CHECK_TIMEOUT_MS = 3_000;

/** Collects what a service needs before it may take traffic: Kafka, its consumers, its database. */
export class ReadinessRegistry {
  readonly #checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, ReadinessResult> }> {
    const entries = await Promise.all(
      [...this.#checks.entries()].map(async ([name, check]) => [name, await runCheck(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    return { ready: entries.every(([, result]) => result.ready), checks };
  }
}

async function runCheck(check: ReadinessCheck): Promise<ReadinessResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<ReadinessResult>((resolve) => {
        timer = setTimeout(() => resolve({ ready: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message : 'check failed' };
  } finally {
    clearTimeout(timer);
  }
}
