// The `primitives` module: hardware helpers in the spirit of Peter Hinch's micropython-async
// (v3 primitives), which MicroPython users reach for: Delay_ms and Pushbutton.
export { Delay_ms } from "./delay_ms";
export { Pushbutton } from "./pushbutton";
export { launch } from "./launch";
