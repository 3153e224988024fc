"use strict";
// A virtual timer list, the one the test tools share: the fake Espruino and Kaluma engines
// (test/support/fake_engines.ts) and the QuickJS runner's setTimeout (tools/engines.js, which
// installs this very source text inside QuickJS: hence no Node API). Timers
// are due at a number (µs or ms, the user's unit) and come out earliest first, first-in
// first-out among equal times. The hal/sim.ts board keeps its own event list: it is product
// code, bundled for every engine, with pin events in the same queue.
function VTimers() {
  this.list = [];
  this.seq = 0;
}
VTimers.prototype.add = function (id, at, fn, args, every) {
  this.list.push({ id: id, at: at, seq: this.seq++, fn: fn, args: args, every: every || 0 });
  return id;
};
// Forgets timer id (any value; an unknown one is ignored).
VTimers.prototype.remove = function (id) {
  for (let i = 0; i < this.list.length; i++) {
    if (this.list[i].id === id) {
      this.list.splice(i, 1);
      return;
    }
  }
};
VTimers.prototype.size = function () {
  return this.list.length;
};
// The earliest due time, or Infinity.
VTimers.prototype.next = function () {
  var n = Infinity;
  for (let i = 0; i < this.list.length; i++) if (this.list[i].at < n) n = this.list[i].at;
  return n;
};
// Takes the timers due at `now` off the list (a repeating one goes back, due `every` later),
// earliest first, and calls each with its args unless an earlier callback removed it.
// call(fn, args) makes the call (the caller's error handling); at most `max` run (default:
// all). Returns how many ran.
VTimers.prototype.run_due = function (now, call, max) {
  var due = [];
  for (let i = 0; i < this.list.length; i++) if (this.list[i].at <= now) due.push(this.list[i]);
  due.sort(function (a, b) {
    return a.at - b.at || a.seq - b.seq;
  });
  var ran = 0;
  for (let j = 0; j < due.length && !(ran >= max); j++) {
    const t = due[j];
    if (this.list.indexOf(t) < 0) continue; // removed by an earlier callback
    if (t.every > 0) {
      t.at += t.every;
      t.seq = this.seq++;
    } else this.list.splice(this.list.indexOf(t), 1);
    call(t.fn, t.args);
    ran++;
  }
  return ran;
};

module.exports = { VTimers };
