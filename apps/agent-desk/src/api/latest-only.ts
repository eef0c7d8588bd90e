/**
 * Sends one value at a time and only the latest one asked for meanwhile: a quick "away, then available" reaches the
 * server in that order and ends on "available", where two requests in flight at once could be applied either way round.
 */
export function latestOnly<T>(send: (value: T) => Promise<void>): (value: T) => Promise<void> {
  let wanted: { value: T } | undefined;
  let sending: Promise<void> | undefined;

  /** Sends until nothing newer is wanted; it fails only when the last send did, since a newer value supersedes a failure. */
  async function drain(): Promise<void> {
    let failure: { error: unknown } | undefined;
    while (wanted !== undefined) {
      const { value } = wanted;
      wanted = undefined;
      try {
        await send(value);
        failure = undefined;
      } catch (error) {
        failure = { error };
      }
    }
    if (failure) {
      throw failure.error;
    }
  }

  return (value: T) => {
    wanted = { value };
    sending ??= drain().finally(() => {
      sending = undefined;
    });
    return sending;
  };
}
