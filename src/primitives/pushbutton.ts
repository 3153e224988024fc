// Pushbutton: Peter Hinch's debounced button (micropython-async v3, primitives/pushbutton.py),
// its gesture logic kept line by line: press, release, long press and double click, each a
// callback (an async one runs as a task) or, given null, an Event (pb.press, pb.release,
// pb.long, pb.double). `suppress` holds the release back when it is part of a long press or
// a double click.
//
// Not polled: MicroPython-async reads the pin every debounce_ms forever; here the pin's IRQ
// (both edges) sets a ThreadSafeFlag, and the button's task reads the pin only after an edge,
// then every debounce_ms until no edge came during the last one (contact bounce). An idle
// button costs nothing.
import * as asyncio from "../asyncio/index";
import { Pin } from "../machine/index";
import { Delay_ms } from "./delay_ms";
import { launch } from "./launch";

type Func = ((...args: any[]) => any) | false | null;

// func === null in press_func() and the others: an Event as pb[name], set by the gesture.
function event_func(pb: any, name: string): () => void {
  const ev = (pb[name] = new asyncio.Event());
  return function () {
    ev.set();
  };
}

export class Pushbutton {
  static debounce_ms = 50;
  static long_press_ms = 1000;
  static double_click_ms = 400;

  press?: asyncio.Event;
  release?: asyncio.Event;
  long?: asyncio.Event;
  double?: asyncio.Event;

  _pin: Pin;
  _supp: boolean;
  _dblpend = false; // a double click waits for its second click
  _dblran = false; // the double-click function ran
  _tf: any = false;
  _ta: any[] = [];
  _ff: any = false;
  _fa: any[] = [];
  _df: any = false;
  _da: any[] = [];
  _ld: Delay_ms | false = false; // the long-press timer
  _dd: Delay_ms | false = false; // the double-click timer
  _sense: number;
  _state: boolean;
  _flag = new asyncio.ThreadSafeFlag();
  _run: asyncio.Task;

  constructor(pin: Pin, suppress = false, sense: number | null = null) {
    this._pin = pin;
    this._supp = suppress;
    // The pin's level when not pressed: electrical to logical.
    this._sense = sense === null ? pin.value() : sense;
    this._state = this.rawstate();
    const flag = this._flag;
    pin.irq(function () {
      flag.set();
    }, Pin.IRQ_RISING | Pin.IRQ_FALLING);
    this._run = asyncio.create_task(this._go());
  }

  async _go() {
    for (;;) {
      await this._flag.wait();
      for (;;) {
        this._check(this.rawstate());
        // Ignore changes until the contact has settled.
        await asyncio.sleep_ms(Pushbutton.debounce_ms);
        if (!this._flag.state) break; // no edge meanwhile: settled
        this._flag.clear();
      }
    }
  }

  _check(state: boolean): void {
    if (state === this._state) return;
    // The state changed: act on it now.
    this._state = state;
    if (state) {
      // Pressed.
      if (this._tf) launch(this._tf, this._ta);
      // A long-press timer, unless a double click is running (a short click quickly followed
      // by a long one).
      if (this._ld && !(this._df && this._dd && this._dd.running())) this._ld.trigger(Pushbutton.long_press_ms);
      if (this._df && this._dd) {
        if (this._dd.running()) {
          // The second click: the timer is running.
          this._dd.stop();
          this._dblpend = false;
          this._dblran = true; // no suppressed release for it
          launch(this._df, this._da);
        } else {
          // The first click: start the double-click timer.
          this._dd.trigger(Pushbutton.double_click_ms);
          this._dblpend = true; // no suppressed release before it ends
        }
      }
    } else {
      // Released.
      if (this._ff) {
        if (this._supp) {
          const d = this._ld;
          // Only a plain click releases: not a long press, not (part of) a double click.
          if (!this._dblpend && !this._dblran && ((d && d.running()) || !d)) launch(this._ff, this._fa);
        } else launch(this._ff, this._fa);
      }
      if (this._ld) this._ld.stop(); // a second click is no long press
      this._dblran = false;
    }
  }

  // The double-click time ended without a second click.
  _ddto(): void {
    this._dblpend = false;
    if (this._supp && !this._state && this._ff) {
      if (!this._ld || !this._ld.running()) launch(this._ff, this._fa);
    }
  }

  // func: a callback, null for an Event (pb.press), false for nothing.
  press_func(func: Func = false, args: any[] = []): void {
    if (func === null) func = event_func(this, "press");
    this._tf = func;
    this._ta = args;
  }

  release_func(func: Func = false, args: any[] = []): void {
    if (func === null) func = event_func(this, "release");
    this._ff = func;
    this._fa = args;
  }

  double_func(func: Func = false, args: any[] = []): void {
    if (func === null) func = event_func(this, "double");
    this._df = func;
    this._da = args;
    if (func) {
      // A double-click timer already in place stays.
      if (!this._dd) this._dd = new Delay_ms(() => this._ddto());
    } else this._dd = false;
  }

  long_func(func: Func = false, args: any[] = []): void {
    if (func === null) func = event_func(this, "long");
    if (func) {
      if (this._ld) this._ld.callback(func, args);
      else this._ld = new Delay_ms(func, args);
    } else this._ld = false;
  }

  // The pin's logical state now, not debounced: true when pressed.
  rawstate(): boolean {
    return (this._pin.value() ^ this._sense) !== 0;
  }

  // The debounced state (MicroPython-async: calling the object).
  __call__(): boolean {
    return this._state;
  }

  deinit(): void {
    this._pin.irq(null);
    this._run.cancel();
    if (this._ld) this._ld.deinit();
    if (this._dd) this._dd.deinit();
  }
}
