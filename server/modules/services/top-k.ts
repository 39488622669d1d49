// Bounded ranking for the in-memory catalog: the first k of a list without sorting the rest.

/** The first k of `list` in `before` order, without sorting the rest (a bounded max-heap of the best k). */
export function topK(list: number[], k: number, before: (a: number, b: number) => number): number[] {
  if (k <= 0) return []
  if (list.length <= k * 4) return list.sort(before).slice(0, k)
  // heap[0] is the worst of the kept k.
  const heap: number[] = []
  const worse = (a: number, b: number) => before(a, b) > 0
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!worse(heap[i], heap[parent])) break
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && worse(heap[l], heap[m])) m = l
      if (r < heap.length && worse(heap[r], heap[m])) m = r
      if (m === i) return
      ;[heap[i], heap[m]] = [heap[m], heap[i]]
      i = m
    }
  }
  for (const x of list) {
    if (heap.length < k) {
      heap.push(x)
      up(heap.length - 1)
    } else if (before(x, heap[0]) < 0) {
      heap[0] = x
      down(0)
    }
  }
  return heap.sort(before)
}
