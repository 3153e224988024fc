// What a Kaluma user would write without the runtime, measured on the same emulated RP2040 as
// the runtime's bundles (bench/kaluma.js puts `var __bench = {...};` in front):
//   async    n async functions, each r rounds of `await` on a Promise resolved by setTimeout(0)
//            (Kaluma's own async/await, its event loop as the scheduler)
//   bare     n native generators resumed round-robin by a plain loop, each yielding a shared
//            singleton from a sleep_ms(0) that reads millis() (a scheduler's floor: no queue)
// Prints `BENCH {json}` with the time of each rep in us (micros()).
var P = typeof __bench !== 'undefined' ? __bench : { mode: 'async', n: 10, r: 50, reps: 1 };

function emit(o) {
  o.mode = P.mode;
  o.clock = 'micros';
  console.log('BENCH ' + JSON.stringify(o));
}

function asyncRep(done) {
  var n = P.n;
  var r = P.r;
  function zero() {
    return new Promise(function (resolve) {
      setTimeout(resolve, 0);
    });
  }
  async function worker() {
    for (var i = 0; i < r; i++) await zero();
  }
  var t0 = micros();
  var ws = [];
  for (var i = 0; i < n; i++) ws.push(worker());
  Promise.all(ws).then(function () {
    done(micros() - t0);
  });
}

var SLEEP = { t: 0 };
function sleep_ms(t) {
  SLEEP.t = millis() + t;
  return SLEEP;
}

function bareRep(done) {
  var n = P.n;
  var r = P.r;
  function* worker() {
    for (var i = 0; i < r; i++) yield sleep_ms(0);
  }
  var gs = [];
  for (var i = 0; i < n; i++) gs.push(worker());
  var t0 = micros();
  var live = n;
  while (live > 0) {
    live = 0;
    for (var j = 0; j < n; j++) if (!gs[j].next().done) live++;
  }
  done(micros() - t0);
}

var us = [];
function rep() {
  if (us.length === P.reps) {
    emit({ n: P.n, r: P.r, us: us });
    return;
  }
  (P.mode === 'async' ? asyncRep : bareRep)(function (t) {
    us.push(t);
    setTimeout(rep, 10);
  });
}
rep();
