/**
 * A binary min-heap: `isBefore(a, b)` says whether `a` comes out first, and items never change while inside.
 * It takes over the array it is built from rather than copying it, so the caller must not use that array again.
 */
export class BinaryHeap<T extends object | number> {
  private readonly items: T[];
  private readonly isBefore: (a: T, b: T) => boolean;

  constructor(isBefore: (a: T, b: T) => boolean, items: T[] = []) {
    this.isBefore = isBefore;
    this.items = items;
    // Heapifying bottom-up builds the heap in linear time, which matters when a planner indexes every agent.
    for (let index = (this.items.length >> 1) - 1; index >= 0; index -= 1) {
      this.siftDown(index);
    }
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top !== undefined && last !== undefined && items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(start: number): void {
    const items = this.items;
    const item = items[start];
    if (item === undefined) {
      return;
    }
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex];
      if (parent === undefined || !this.isBefore(item, parent)) {
        break;
      }
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = item;
  }

  private siftDown(start: number): void {
    const items = this.items;
    const item = items[start];
    if (item === undefined) {
      return;
    }
    let index = start;
    for (;;) {
      const leftIndex = 2 * index + 1;
      const left = items[leftIndex];
      // Items are never undefined, so an undefined slot can only mean the index ran past the end.
      if (left === undefined) {
        break;
      }
      const right = items[leftIndex + 1];
      const isRightFirst = right !== undefined && this.isBefore(right, left);
      const childIndex = isRightFirst ? leftIndex + 1 : leftIndex;
      const child = isRightFirst ? right : left;
      if (!this.isBefore(child, item)) {
        break;
      }
      items[index] = child;
      index = childIndex;
    }
    items[index] = item;
  }
}
