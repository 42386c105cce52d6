export { formatValue } from "./format-value.js";
export { type Output, run, USAGE } from "./commands.js";
