/**
 * Values remembered by key, for what the engine works out again and again (an interval boundary printed, a row's key
 * made from a slot): a map lookup costs less. Holds at most `capacity` values, then starts over, so it never grows.
 */
export class BoundedMemo<TKey, TValue> {
  readonly #values = new Map<TKey, TValue>();
  readonly #capacity: number;

  constructor(capacity = 4096) {
    this.#capacity = capacity;
  }

  get(key: TKey): TValue | undefined {
    return this.#values.get(key);
  }

  set(key: TKey, value: TValue): void {
    if (this.#values.size >= this.#capacity) {
      this.#values.clear();
    }
    this.#values.set(key, value);
  }
}
