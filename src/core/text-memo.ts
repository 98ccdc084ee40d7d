/**
 * A memo keyed by text, bounded, oldest entry out first. A reply is consulted by every open request of its
 * thread, so what is worked out from a sentence or a reply is remembered by its text; the bound keeps a
 * 10,000-message mailbox from holding every sentence it ever read.
 */
export class TextMemo<T> {
  readonly #entries = new Map<string, T>();
  constructor(readonly limit: number) {}

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  set(key: string, value: T): T {
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
    return value;
  }

  /** `make(key)`, worked out once per text while it stays in the memo. */
  remember(key: string, make: (key: string) => T): T {
    const hit = this.#entries.get(key);
    return hit !== undefined ? hit : this.set(key, make(key));
  }
}
