// TaskQueue: MicroPython's pairing heap of tasks keyed by wake tick. The links live on the
// tasks themselves (intrusive), so push/pop/remove allocate nothing, and equal keys come out
// first-in first-out: a node that is not strictly earlier is appended as the LAST child.
import { clock_ms } from "../runtime/driver";

export interface HeapNode {
  data: any;
  ph_key: number;
  ph_child: HeapNode | null;
  ph_child_last: HeapNode | null;
  ph_next: HeapNode | null;
  ph_rightmost_parent: HeapNode | null;
}

// A task queued at a tick that has already come (create_task, wake-ups, sleep_ms(0)) never
// needs the heap: those go to a FIFO list in tick order, and only future deadlines go to the
// pairing heap. The order is exactly the heap's alone: by tick, ties first-in first-out. Ties
// between the two go to the heap, because a task queued for a future tick k was queued
// before tick k came, so before any task queued at or after k. (Measured on Espruino 2v29:
// pop+push with 100 tasks in sleep_ms(0) cost 148 us through the heap.)
// lt(a, b), ticks_diff(a, b) < 0, is written out where it is used, as ((a - b) & 0x3fffffff)
// >= 0x20000000 (TICKS_MAX, TICKS_HALF): a call costs on JerryScript (see meld).

export class TaskQueue {
  heap: HeapNode | null = null; // future deadlines (when queued)
  head: HeapNode | null = null; // due when queued, linked through ph_next
  tail: HeapNode | null = null;
  // As a finished task's waiters: a done callback (step.ts, _on_done). Declared only: it costs a
  // queue nothing until one is set.
  cb?: (t: any, v: any, x: boolean) => void;

  peek(): any {
    const r = this.head;
    const h = this.heap;
    if (r === null) return h;
    return h !== null && ((r.ph_key - h.ph_key) & 0x3fffffff) < 0x20000000 ? h : r;
  }

  // Resets the task's `data` (whatever it waited on) as MicroPython does; key defaults to now.
  push(v: HeapNode, key?: number): void {
    const now = clock_ms() & 0x3fffffff;
    const k = key === undefined ? now : key;
    v.data = null;
    v.ph_key = k;
    if (((now - k) & 0x3fffffff) >= 0x20000000) {
      this.heap = this.meld(v, this.heap);
      return;
    }
    this.push_due(v, k);
  }

  // push() for a key known to have come already (sleep_ms(0), wake-ups): no clock read.
  push_due(v: HeapNode, k: number): void {
    v.data = null;
    v.ph_key = k;
    v.ph_next = null;
    const tail = this.tail;
    if (tail === null) this.head = this.tail = v;
    else if (((k - tail.ph_key) & 0x3fffffff) < 0x20000000) this.tail = tail.ph_next = v;
    else {
      // A deadline computed earlier and awaited late (rare): keep the list in tick order.
      let p: HeapNode | null = null;
      let n = this.head;
      while (n !== null && ((k - n.ph_key) & 0x3fffffff) < 0x20000000) {
        p = n;
        n = n.ph_next;
      }
      v.ph_next = n;
      if (p === null) this.head = v;
      else p.ph_next = v;
    }
  }

  // True when the head is due without looking at the clock: the FIFO list holds only due
  // tasks, and the heap's head comes first only when it is no later than those.
  due(): boolean {
    return this.head !== null;
  }

  pop(): any {
    const r = this.head;
    const h = this.heap;
    if (r !== null && (h === null || ((r.ph_key - h.ph_key) & 0x3fffffff) >= 0x20000000)) {
      const n = r.ph_next;
      this.head = n;
      if (n === null) this.tail = null;
      r.ph_next = null;
      return r;
    }
    this.heap = this.pairing(h!.ph_child);
    // A popped task keeps no links to others (reference-counting engines would leak cycles).
    h!.ph_child = h!.ph_child_last = h!.ph_rightmost_parent = null;
    return h;
  }

  // The pairing heap's operations are methods: on Kaluma's JerryScript a function declaration
  // of the bundle is found only after every other binding of its outer scope (~300 us a
  // call on the emulated RP2040), a method through the prototype in ~40 us.
  meld(h1: HeapNode | null, h2: HeapNode | null): HeapNode | null {
    if (h1 === null) return h2;
    if (h2 === null) return h1;
    // ticks_diff(h1.ph_key, h2.ph_key) < 0, inlined: the distance wraps past half the period.
    if (((h1.ph_key - h2.ph_key) & 0x3fffffff) >= 0x20000000) {
      // h2 becomes h1's last child.
      if (h1.ph_child === null) h1.ph_child = h2;
      else h1.ph_child_last!.ph_next = h2;
      h1.ph_child_last = h2;
      h2.ph_next = null;
      h2.ph_rightmost_parent = h1;
      return h1;
    }
    // h1 becomes h2's first child.
    h1.ph_next = h2.ph_child;
    h2.ph_child = h1;
    if (h1.ph_next === null) {
      h2.ph_child_last = h1;
      h1.ph_rightmost_parent = h2;
    }
    return h2;
  }

  // Two-pass-in-one pairing of a sibling list, left to right (keeps FIFO order of equal keys).
  pairing(child: HeapNode | null): HeapNode | null {
    let heap: HeapNode | null = null;
    while (child !== null) {
      let n1: HeapNode | null = child;
      child = child.ph_next;
      n1.ph_next = null;
      if (child !== null) {
        const n2: HeapNode = child;
        child = child.ph_next;
        n2.ph_next = null;
        n1 = this.meld(n1, n2);
      }
      heap = this.meld(heap, n1);
    }
    return heap;
  }

  delete_node(heap: HeapNode, node: HeapNode): HeapNode | null {
    if (node === heap) {
      const child = heap.ph_child;
      node.ph_child = null;
      return this.pairing(child);
    }
    // Only the last sibling knows the parent: walk right to find it.
    let parent: HeapNode = node;
    while (parent.ph_next !== null) parent = parent.ph_next;
    parent = parent.ph_rightmost_parent!;
    let next: HeapNode | null;
    let repl: HeapNode | null;
    if (node === parent.ph_child && node.ph_child === null) {
      parent.ph_child = node.ph_next;
      node.ph_next = null;
      return heap;
    } else if (node === parent.ph_child) {
      next = node.ph_next;
      repl = this.pairing(node.ph_child);
      node.ph_child = null;
      node.ph_next = null;
      parent.ph_child = repl;
    } else {
      let n = parent.ph_child!;
      while (n.ph_next !== node) n = n.ph_next!;
      next = node.ph_next;
      repl = this.pairing(node.ph_child);
      node.ph_child = null;
      node.ph_next = null;
      if (repl === null) repl = n;
      else n.ph_next = repl;
    }
    // repl is non-null here: a removed first child always has children in this branch.
    repl!.ph_next = next;
    if (next === null) {
      repl!.ph_rightmost_parent = parent;
      parent.ph_child_last = repl;
    }
    return heap;
  }

  remove(v: HeapNode): void {
    // Only tasks queued for the future are ever removed (Task.cancel); be safe for the rest.
    let p: HeapNode | null = null;
    for (let n = this.head; n !== null; n = n.ph_next) {
      if (n === v) {
        if (p === null) this.head = v.ph_next;
        else p.ph_next = v.ph_next;
        if (this.tail === v) this.tail = p;
        v.ph_next = null;
        return;
      }
      p = n;
    }
    this.heap = this.delete_node(this.heap!, v);
  }
}
