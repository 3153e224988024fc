// What the virtual module "board" provides inside a bundle (see tools/build.js), for jest:
// the sim board's description.
module.exports = { __esModule: true, default: require("../../boards/sim.json") };
