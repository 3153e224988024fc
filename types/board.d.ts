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
  // What a bundle carries of boards/<name>.json (tools/build.js runtimeBoard()); the file's
  // other keys (description, engine, target, hal, flash: {port, baud}, codeSize) are the tools'.
  export interface BoardConfig {
    name: string;
    /** pyb.LED(n) is leds[n - 1]. */
    leds: BoardLed[];
    /** Logical name -> engine pin identifier. */
    pins: { [name: string]: string | number };
    /** false: no network hardware, so the bundle leaves the socket layer out. */
    net?: boolean;
  }
  const board: BoardConfig;
  export default board;
}
