export { type Output, run, USAGE } from "./commands.js";
export { formatValue } from "./format-value.js";
