// TaskQueue: MicroPython's pairing heap of tasks keyed by wake tick. The links live on the
// tasks themselves (intrusive), so push/pop/remove allocate nothing, and equal keys come out
// first-in first-out: a node that is not strictly earlier is appended as the LAST child.
import { ticks_diff } from "../time/ticks";
import { driver } from "../runtime/driver";

export interface HeapNode {
  data: any;
  ph_key: number;
  ph_child: HeapNode | null;
  ph_child_last: HeapNode | null;
  ph_next: HeapNode | null;
  ph_rightmost_parent: HeapNode | null;
}

function ph_meld(h1: HeapNode | null, h2: HeapNode | null): HeapNode | null {
  if (h1 === null) return h2;
  if (h2 === null) return h1;
  if (ticks_diff(h1.ph_key, h2.ph_key) < 0) {
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
function ph_pairing(child: HeapNode | null): HeapNode | null {
  let heap: HeapNode | null = null;
  while (child !== null) {
    let n1: HeapNode | null = child;
    child = child.ph_next;
    n1.ph_next = null;
    if (child !== null) {
      const n2: HeapNode = child;
      child = child.ph_next;
      n2.ph_next = null;
      n1 = ph_meld(n1, n2);
    }
    heap = ph_meld(heap, n1);
  }
  return heap;
}

function ph_delete(heap: HeapNode, node: HeapNode): HeapNode | null {
  if (node === heap) {
    const child = heap.ph_child;
    node.ph_child = null;
    return ph_pairing(child);
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
    repl = ph_pairing(node.ph_child);
    node.ph_child = null;
    node.ph_next = null;
    parent.ph_child = repl;
  } else {
    let n = parent.ph_child!;
    while (n.ph_next !== node) n = n.ph_next!;
    next = node.ph_next;
    repl = ph_pairing(node.ph_child);
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

export class TaskQueue {
  heap: HeapNode | null = null;

  peek(): any {
    return this.heap;
  }

  // Resets the task's `data` (whatever it waited on) as MicroPython does; key defaults to now.
  push(v: HeapNode, key?: number): void {
    v.data = null;
    v.ph_key = key === undefined ? driver.ticks_ms() : key;
    this.heap = ph_meld(v, this.heap);
  }

  pop(): any {
    const v = this.heap!;
    this.heap = ph_pairing(v.ph_child);
    v.ph_child = null;
    return v;
  }

  remove(v: HeapNode): void {
    this.heap = ph_delete(this.heap!, v);
  }
}
