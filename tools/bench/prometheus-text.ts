export type Buckets = [upperBound: number, count: number][];

/** One histogram's cumulative buckets for a label, from a Prometheus text exposition. */
export function buckets(metrics: string, name: string, label: string): Buckets {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}_bucket`) && line.includes(label))
    .map((line) => {
      const [, bound = '', count = '0'] = /le="([^"]+)".* (\d+)$/.exec(line) ?? [];
      return [bound === '+Inf' ? Infinity : Number(bound), Number(count)];
    });
}
