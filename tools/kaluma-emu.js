"use strict";
// Runs a bundle on the REAL Kaluma firmware inside an emulated RP2040 (npm rp2040js, Wokwi's
// emulator; cycle-counted at 125 MHz, so emulated time is the same on every run).
//
//   runKaluma({firmware, bootrom, code, until, maxEmulatedMs}) -> Promise<{stdout, emulatedMs, ...}>
//   node tools/kaluma-emu.js --firmware <kaluma.elf|.uf2|.bin> --bootrom <b1.bin> <bundle.js>
//
// Neither the firmware nor the bootrom is in this repository: build Kaluma 1.2.1 for the `pico`
// board from its public source, and take the RP2040 B1 bootrom (rp2040js's demo/bootrom.ts
// holds it as an array of words; save them as a 16 KB little-endian binary).
//
// What it takes (see ../shared/TARGETS.md, "Kaluma 1.2.1 on an emulated RP2040"):
// - the firmware's image goes into flash and the core starts at the start of flash (boot2);
// - rp2040js does not emulate flash erase/program, so the bootrom's flash_range_erase ('RE')
//   and flash_range_program ('RP') are patched to a BKPT and done here on the emulated flash
//   (otherwise littlefs fails to mount at every boot);
// - the program is stored as NUL-terminated source at flash offset 0xFC000 + 4 x 4096, where
//   Kaluma keeps it; it runs at boot only with GPIO22 high, so `.load` is typed at the REPL once
//   the USB console (CDC) is connected;
// - the emulated USB host sends OUT packets only when it has data, as a real one (see below).
const fs = require("fs");

const FLASH_BASE = 0x10000000;
const PROGRAM_OFFSET = 0xfc000 + 4 * 4096;
const PROGRAM_MAX = 128 * 4096;
const CLOCK_HZ = 125e6;

/** The firmware as {offset in flash: bytes}: an ELF's loaded segments, a UF2's blocks, or a .bin. */
function flashImage(file) {
  const b = fs.readFileSync(file);
  const parts = [];
  if (b.readUInt32BE(0) === 0x7f454c46) {
    // ELF32, little-endian: PT_LOAD segments at their physical (load) address
    const phoff = b.readUInt32LE(28);
    const phentsize = b.readUInt16LE(42);
    const phnum = b.readUInt16LE(44);
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      const type = b.readUInt32LE(p);
      const offset = b.readUInt32LE(p + 4);
      const paddr = b.readUInt32LE(p + 12);
      const filesz = b.readUInt32LE(p + 16);
      if (type === 1 && filesz > 0 && paddr >= FLASH_BASE && paddr < FLASH_BASE + 0x1000000) {
        parts.push([paddr - FLASH_BASE, b.subarray(offset, offset + filesz)]);
      }
    }
  } else if (b.readUInt32LE(0) === 0x0a324655) {
    // UF2: 512-byte blocks, target address at 12, payload size at 16, payload at 32
    for (let o = 0; o + 512 <= b.length; o += 512) {
      const addr = b.readUInt32LE(o + 12);
      const size = b.readUInt32LE(o + 16);
      parts.push([addr - FLASH_BASE, b.subarray(o + 32, o + 32 + size)]);
    }
  } else {
    parts.push([0, b]);
  }
  if (!parts.length) throw new Error(`${file}: no flash image found`);
  return parts;
}

/** Address of the bootrom function with the two-letter code (its function table). */
function romFunc(mcu, code) {
  const want = code.charCodeAt(0) | (code.charCodeAt(1) << 8);
  for (let p = mcu.readUint16(0x14); ; p += 4) {
    const c = mcu.readUint16(p);
    if (c === 0) throw new Error(`bootrom function '${code}' not found`);
    if (c === want) return mcu.readUint16(p + 2) & ~1;
  }
}

/**
 * Boots the firmware, stores `code` as the program, types `.load` and runs until
 * `until(stdout, type, nowMs)` is true or `maxEmulatedMs` of emulated time have passed; `type(text)`
 * types at the REPL. `setup(mcu, nowMs)` runs before the boot (GPIO listeners...). Resolves with
 * what the console printed (CRs removed), the emulated time, and whether it stopped on `until`.
 */
function runKaluma({ firmware, bootrom, code, until = () => false, setup = null, maxEmulatedMs = 60000, echo = false }) {
  const { Simulator, USBCDC } = require("rp2040js");
  const sim = new Simulator();
  const mcu = sim.rp2040;
  const rom = fs.readFileSync(bootrom);
  if (rom.length !== 16384) throw new Error(`${bootrom}: an RP2040 bootrom is 16384 bytes, not ${rom.length}`);
  mcu.loadBootrom(new Uint32Array(rom.buffer.slice(rom.byteOffset, rom.byteOffset + rom.length)));
  for (const [off, bytes] of flashImage(firmware)) mcu.flash.set(bytes, off);

  const program = Buffer.from(code + "\0", "utf8");
  if (program.length > PROGRAM_MAX)
    throw new Error(`the bundle (${program.length} bytes) does not fit Kaluma's ${PROGRAM_MAX}-byte program space`);
  mcu.flash.set(program, PROGRAM_OFFSET);

  // Flash erase/program in the emulator: BKPT #1 / #2 at the bootrom functions.
  const bkpt = (addr, n) => {
    const word = addr & ~3;
    const shift = (addr & 2) * 8;
    const w = mcu.bootrom[word >> 2];
    mcu.bootrom[word >> 2] = (w & ~(0xffff << shift)) | ((0xbe00 | n) << shift);
  };
  bkpt(romFunc(mcu, "RE"), 1);
  bkpt(romFunc(mcu, "RP"), 2);
  mcu.onBreak = (n) => {
    const r = mcu.core.registers;
    if (n === 1) mcu.flash.fill(0xff, r[0], r[0] + r[1]);
    else if (n === 2) for (let i = 0; i < r[2]; i++) mcu.flash[r[0] + i] = mcu.readUint8(r[1] + i);
    else throw new Error(`unexpected breakpoint ${n} at ${mcu.core.PC.toString(16)}`);
    mcu.core.PC = mcu.core.LR & ~1; // return from the patched function
  };

  let stdout = "";
  const cdc = new USBCDC(mcu.usbCtrl);
  // rp2040js's CDC host answers every OUT buffer the device arms at once, with an empty packet
  // when it has nothing to send: TinyUSB then re-arms, and the chip spends about half its time
  // in USB interrupts (PC sampling of a task-switch benchmark: tud_task_ext, the endpoint and
  // FIFO code on top). A real host sends OUT packets only when it has data; so does this one.
  const usb = mcu.usbCtrl;
  const answer = usb.onEndpointRead;
  let armed = -1; // size of an OUT buffer the device armed that is still unanswered
  usb.onEndpointRead = (endpoint, size) => {
    if (endpoint === cdc.outEndpoint && cdc.txFIFO.itemCount === 0) armed = size;
    else answer(endpoint, size);
  };
  const type = (text) => {
    for (const c of Buffer.from(text)) cdc.sendSerialByte(c);
    if (armed >= 0) {
      const size = armed;
      armed = -1;
      answer(cdc.outEndpoint, size);
    }
  };
  cdc.onDeviceConnected = () => type("\r.load\r");
  cdc.onSerialData = (bytes) => {
    const s = Buffer.from(bytes).toString("latin1").replace(/\r/g, "");
    stdout += s;
    if (echo) process.stdout.write(s);
  };

  mcu.logger = new (require("rp2040js").ConsoleLogger)(require("rp2040js").LogLevel.Error); // not every peripheral is modelled
  mcu.core.PC = FLASH_BASE; // boot2 first, as the bootrom would after finding it in flash
  const clock = sim.clock;
  const nowMs = () => clock.nanos / 1e6;
  if (setup) setup(mcu, nowMs);
  const limitNs = maxEmulatedMs * 1e6;
  const cycleNs = 1e9 / CLOCK_HZ;
  // rp2040js runs a PIO block on timers of its own once the firmware starts it (the Pico W's
  // CYW43 driver does): stopped at the end, or they would keep the process running.
  const stopPio = () => {
    for (const pio of mcu.pio) pio.stop();
  };
  return new Promise((resolve, reject) => {
    let done = false;
    function slice() {
      try {
        for (let i = 0; i < 200000; i++) {
          if (mcu.core.waiting) clock.tick(clock.nanosToNextAlarm);
          else clock.tick(mcu.core.executeInstruction() * cycleNs);
        }
        done = until(stdout, type, nowMs());
        if (done || clock.nanos >= limitNs) {
          stopPio();
          resolve({ stdout, emulatedMs: clock.nanos / 1e6, stopped: done });
          return;
        }
        setImmediate(slice);
      } catch (e) {
        stopPio();
        reject(e);
      }
    }
    slice();
  });
}

async function main(argv) {
  const { parseArgs } = require("util");
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { firmware: { type: "string" }, bootrom: { type: "string" }, ms: { type: "string", default: "10000" } },
  });
  if (!values.firmware || !values.bootrom || positionals.length !== 1) {
    process.stderr.write(
      "usage: node tools/kaluma-emu.js --firmware <kaluma.elf|.uf2|.bin> --bootrom <b1.bin> [--ms <emulated ms>] <bundle.js>\n",
    );
    return 2;
  }
  const r = await runKaluma({
    firmware: values.firmware,
    bootrom: values.bootrom,
    code: fs.readFileSync(positionals[0], "utf8"),
    maxEmulatedMs: Number(values.ms),
    echo: true,
  });
  process.stderr.write(`\n[emulated ${r.emulatedMs.toFixed(1)} ms]\n`);
  return 0;
}

module.exports = { runKaluma, flashImage, CLOCK_HZ };

if (require.main === module) main(process.argv.slice(2)).then((c) => (process.exitCode = c));
