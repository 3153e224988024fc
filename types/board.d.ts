// The board description (boards/<name>.json) of the board a bundle is built for.
// tools/build.js provides it as the virtual module "board"; jest maps "board" to the sim board
// (test/support/board.js). HAL drivers read their LED and pin maps from it:
//   import board from "board";
declare module "board" {
  export interface BoardLed {
    /** Engine pin identifier: Espruino pin name ("D2", "LED1") or Kaluma GPIO number (25). */
    pin?: string | number;
    /** GPIO number on the Pico W's CYW43 wireless chip (driven through pico_cyw43). */
    cyw43?: number;
    /** What a person sees: "red LED", "external LED on GP15". */
    name?: string;
  }
  export interface BoardConfig {
    name: string;
    description: string;
    engine: "espruino" | "kaluma" | "node" | "sim";
    engineVersion: string | null;
    /** The default compile target of the board's bundles. */
    target: "es5" | "es2016";
    /** HAL driver: hal/<hal>.ts. */
    hal: string;
    /** pyb.LED(n) is leds[n - 1]. */
    leds: BoardLed[];
    /** Logical name -> engine pin identifier. */
    pins: { [name: string]: string | number };
    /** How bundles get onto the board (tool null: nothing to flash, run it directly). */
    flash: { tool: string | null; defaults: { [option: string]: any } };
    /** false: no network hardware, so the bundle leaves the socket layer out. */
    net?: boolean;
    /** Bytes available for the saved program, or null when unbounded. */
    codeSize: number | null;
  }
  const board: BoardConfig;
  export default board;
}
